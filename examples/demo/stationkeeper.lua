-- The demo lab: two computers, the four bundled policies, and a protected teacher.
computer "LAB-1" { stations = 8 }
computer "LAB-2" { stations = 4 }

policy "lock-idle-active"     { after = "15m" }              -- lock a station nobody has touched for 15 minutes
policy "end-idle-suspended"   { after = "2h" }               -- free the memory of sessions left suspended for 2 hours
policy "warn-before-shutdown" { again_at = { "5m", "1m" } }  -- tell everyone before the computer goes down
policy "nightly-shutdown"     { at = "17:30", warn = "15m" } -- shut the lab down after school

protect { users = { "teacher" } }                            -- policies never touch the teacher's session

-- The school calendar: nightly-shutdown runs on its school days only (`stationctl calendar`).
calendar {
  periods  = { P1 = "08:30-09:25", P2 = "09:30-10:25", lunch = "12:00-13:30", P5 = "13:30-14:25" },
  terms    = { spring = "2026-02-23..2026-04-03" },
  holidays = { inset_day = "2026-03-04" },
}
