import ArgumentParser
import Foundation
import SessionEngine

extension SessionState: ExpressibleByArgument {
    public static var allValueStrings: [String] { ["active", "locked", "suspended"] }
}
