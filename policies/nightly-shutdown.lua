-- nightly-shutdown: shuts the computers down (or restarts them) every night.
--
-- At `at` on the chosen `days`, each running computer gets a shutdown scheduled
-- `warn` later, with `message` for its users (pair it with the
-- warn-before-shutdown policy so that users are told, and told again).
--
-- Enable it in stationkeeper.lua:
--   policy "nightly-shutdown" { at = "21:30", warn = "10m" }
--   policy "nightly-shutdown" { at = "23:00", days = { "mon", "wed", "fri" }, restart = true }
--   policy "nightly-shutdown" { computers = { "LAB-1", "LAB-2" } }   -- only these computers
--   policy "nightly-shutdown" { school_days = false }   -- also in the holidays, with a calendar { }

defaults {
  at = "22:00",          -- local time ("HH:MM") at which the shutdown is scheduled
  days = { "weekdays" }, -- a list of days such as { "mon", "fri" }, or { "weekdays" }, { "weekends" }, { "daily" }
  warn = "15m",          -- how long users have between the warning and the shutdown
  restart = false,       -- true: restart the computers instead of switching them off
  computers = {},        -- only these computers; empty means every computer
  school_days = true,    -- with a calendar { … } in the config: only on its school days (false: every chosen day)
  message = "The lab closes for the night.",
}

-- Is this computer one of those the policy should act on?
local function chosen(name)
  if #settings.computers == 0 then return true end
  for _, wanted in ipairs(settings.computers) do
    if wanted == name then return true end
  end
  return false
end

-- The chosen days, and only the school days among them when the config has a calendar.
local days = {}
for _, day in ipairs(settings.days) do days[#days + 1] = day end
if settings.school_days and calendar.configured then days[#days + 1] = "school_days" end

at(settings.at, function()
  local deadline = now() + duration(settings.warn)
  for _, c in ipairs(computers()) do
    -- Skip computers that are off, not chosen, or already going down sooner.
    if c.power == "running" and chosen(c.name)
       and (c.shutdown_at == nil or c.shutdown_at > deadline) then
      local plan = { delay = settings.warn, message = settings.message, reason = "nightly shutdown" }
      local ok, why
      if settings.restart then
        ok, why = c:restart(plan)
      else
        ok, why = c:shutdown(plan)
      end
      if not ok then log.warn("nightly-shutdown: " .. c.name .. ": " .. tostring(why)) end
    end
  end
end, { days = days })
