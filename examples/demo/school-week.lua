-- A school week, as a scenario for `stationctl demo --week`: Monday 2 to Friday 6 March 2026,
-- with Wednesday a holiday of the demo's calendar (examples/demo/stationkeeper.lua). The lab is
-- switched on every morning; nightly-shutdown takes it down on the school days only.
at("07:55", sign_in("teacher", "LAB-1/1"))
at("08:02", sign_in("alice", "LAB-1/2"))
at("08:03", sign_in("bob", "LAB-1/3"))
at("12:00", disconnect("bob@LAB-1"))        -- bob leaves his session open over lunch
at("16:30", sign_out("alice@LAB-1"))

at("+1d 07:30", { start("LAB-1"), start("LAB-2") })
at("+1d 08:05", sign_in("carol", "LAB-1/2"))
at("+1d 09:30", idle("carol@LAB-1"))        -- carol goes to the board

-- Wednesday: no school, nobody comes. The lab, shut down on Tuesday night, stays off, and
-- nightly-shutdown schedules nothing.

at("+3d 07:30", { start("LAB-1"), start("LAB-2") })
at("+3d 08:00", sign_in("dave", "LAB-2/1"))
at("+3d 16:00", disconnect("dave@LAB-2"))   -- dave's work will not survive the night

at("+4d 07:30", { start("LAB-1"), start("LAB-2") })
at("+4d 08:02", sign_in("alice", "LAB-1/2"))
at("+4d 15:30", sign_out("alice@LAB-1"))
