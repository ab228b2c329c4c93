import ArgumentParser
import SessionEngine

/// `block` and `unblock` take stations, or `--computer C --all`.
func validateStationForms(stations: [String], computer: String?, all: Bool) throws {
    guard stations.isEmpty == (computer != nil), (computer != nil) == all else {
        throw ValidationError("name stations (COMPUTER/STATION), or --computer C --all (one of them)")
    }
}
