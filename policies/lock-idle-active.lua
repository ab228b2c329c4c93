-- lock-idle-active: locks stations nobody is using.
--
-- An active session whose user has done nothing for longer than `after` is
-- locked: the station shows its lock screen and stays taken, and the user
-- unlocks it to continue. Nothing is lost.
--
-- Enable it in stationkeeper.lua:
--   policy "lock-idle-active" { after = "10m" }

defaults {
  after = "15m",  -- how long a session may stay idle before it is locked (a duration)
}

-- Once a minute, lock every active session idle longer than the limit (one query).
every("1m", function()
  for _, s in ipairs(sessions{ state = "active", idle_longer_than = settings.after }) do
    s:lock("idle longer than " .. settings.after)
  end
end)
