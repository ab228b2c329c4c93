import Foundation

/// How `stationctl dashboard` serves: where it listens, TLS, cookies, and where scenarios are.
public struct DashboardSettings: Sendable {
    /// A certificate chain and its private key, both PEM files.
    public struct TLSFiles: Sendable {
        public var certificate: String
        public var key: String

        public init(certificate: String, key: String) {
            self.certificate = certificate
            self.key = key
        }
    }

    public var host: String
    public var port: Int
    public var tls: TLSFiles?
    /// Cookies marked `Secure`: with ``tls``, or behind a reverse proxy that serves HTTPS.
    public var secureCookies: Bool
    /// The folder the simulation page lists scenario files (`*.lua`) from.
    public var scenarios: String

    public init(host: String = "127.0.0.1", port: Int = 8080, tls: TLSFiles? = nil, secureCookies: Bool? = nil, scenarios: String) {
        self.host = host
        self.port = port
        self.tls = tls
        self.secureCookies = secureCookies ?? (tls != nil)
        self.scenarios = scenarios
    }

    /// Reads `HOST:PORT`, `:PORT` or `PORT` (`--listen`).
    public static func parseListen(_ text: String) -> (host: String, port: Int)? {
        let host: String
        let portText: String
        if let colon = text.lastIndex(of: ":") {
            host = String(text[..<colon]).trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
            portText = String(text[text.index(after: colon)...])
        } else {
            host = "127.0.0.1"
            portText = text
        }
        guard let port = Int(portText), (0...65535).contains(port) else { return nil }
        return (host.isEmpty ? "127.0.0.1" : host, port)
    }
}
