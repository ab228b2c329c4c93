-- The demo lab: two computers, the four bundled policies, and a protected teacher.
computer "LAB-1" { stations = 8 }
computer "LAB-2" { stations = 4 }

policy "lock-idle-active"     { after = "15m" }              -- lock a station nobody has touched for 15 minutes
policy "end-idle-suspended"   { after = "2h" }               -- free the memory of sessions left suspended for 2 hours
policy "warn-before-shutdown" { again_at = { "5m", "1m" } }  -- tell everyone before the computer goes down
policy "nightly-shutdown"     { at = "17:30", warn = "15m" } -- shut the lab down after school

protect { users = { "teacher" } }                            -- policies never touch the teacher's session
