-- A school day, as a scenario for `stationctl simulate` (and what `stationctl demo` plays).
at("07:55", sign_in("teacher", "LAB-1/1"))
at("08:02", sign_in("alice", "LAB-1/2"))
at("08:03", sign_in("bob", "LAB-1/3"))
at("08:05", sign_in("carol", "LAB-1/4"))
at("08:10", sign_in("dave", "LAB-2/1"))

at("09:30", idle("bob@LAB-1"))            -- bob goes to the board and leaves his station untouched
at("10:00", disconnect("carol@LAB-1"))    -- carol leaves for a meeting: her session stays in memory
at("10:05", unlock("bob@LAB-1"))          -- bob is back (if a policy locked his station)
at("10:06", busy("bob@LAB-1"))

at("11:30", disconnect("alice@LAB-1"))    -- lunch: alice disconnects instead of signing out
at("13:00", sign_in("alice", "LAB-1/5"))  -- and picks up her session at another station
at("13:45", sign_out("alice@LAB-1"))

at("16:00", disconnect("dave@LAB-2"))     -- dave leaves his work open: it will not survive the night
at("16:30", idle("teacher@LAB-1"))        -- the teacher steps out; the teacher is protected

-- carol never comes back, and nightly-shutdown takes the lab down at 17:45.
