/// The commented config `stationctl init` writes.
public enum StarterConfig {
    public static let text = """
        -- stationkeeper.lua: the lab Stationkeeper manages.
        -- This file is Lua. It is the truth for which computers and stations exist:
        -- add a computer or a station here and stationctl picks it up on its next run;
        -- remove one and it goes away once nobody is signed in there.

        -- A computer with four stations, named LAB-1/1 … LAB-1/4.
        computer "LAB-1" { stations = 4 }

        -- A computer whose stations have names: LAB-2/front and LAB-2/back.
        computer "LAB-2" { stations = { "front", "back" } }

        -- Where the state is kept (SQLite). Relative paths are relative to this file.
        -- Without it: /var/lib/stationkeeper/state.db for root,
        -- else $XDG_STATE_HOME/stationkeeper/state.db (~/.local/state/...).
        -- store = "/var/lib/stationkeeper/state.db"

        """
}
