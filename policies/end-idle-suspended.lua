-- end-idle-suspended: ends sessions that have stayed suspended too long.
--
-- A suspended session (the user disconnected, or someone suspended it) keeps
-- its memory on the computer until it ends. This policy ends the ones that have
-- been suspended longer than `after`, and sends their user a message first.
--
-- Enable it in stationkeeper.lua:
--   policy "end-idle-suspended" { after = "3h", message = "Your session was closed after 3 hours away." }

defaults {
  after = "2h",   -- how long a session may stay suspended (a duration: "90m", "2h", "1d")
  message = "Your session was suspended for too long and has been ended. Unsaved work is lost.",
}

-- Once a minute, look for sessions suspended longer than the limit (one query).
every("1m", function()
  for _, s in ipairs(sessions{ state = "suspended", in_state_longer_than = settings.after }) do
    s:message(settings.message)                          -- tell the user first
    s:terminate("suspended longer than " .. settings.after) -- the reason shown in the journal
  end
end)
