/// Lua run in every policy and plugin state before its file: it builds the policy API
/// (session and computer objects with methods, `log`, `actions`) on a few Swift primitives
/// in the `host` table it receives. Errors raised here are re-raised at the policy's own line.
enum Prelude {
    static let path = "stationkeeper-api"

    static let source = #"""
    local host = ...
    local setmetatable, type, error, pcall, select, tostring = setmetatable, type, error, pcall, select, tostring
    local concat, gsub = table.concat, string.gsub

    -- Re-raise an error from a host call at the line of the policy that called the API.
    local function checked(ok, ...)
      if ok then return ... end
      local message = tostring((...))
      message = gsub(message, "^[^\n]-stationkeeper%-api:%d+: ", "")
      error(message, 3)
    end

    local Session = {}
    Session.__index = Session
    local Computer = {}
    Computer.__index = Computer
    local Station = {}
    Station.__index = Station

    local function wrap_list(list, meta)
      for i = 1, #list do setmetatable(list[i], meta) end
      return list
    end

    function Session:lock(reason) return checked(pcall(host.act, "lock", self.id, reason)) end
    function Session:suspend(reason) return checked(pcall(host.act, "suspend", self.id, reason)) end
    function Session:sign_out(reason) return checked(pcall(host.act, "sign_out", self.id, reason)) end
    function Session:terminate(reason) return checked(pcall(host.act, "terminate", self.id, reason)) end
    function Session:message(text) return checked(pcall(host.act, "message", self.id, text)) end

    function Computer:sessions(filter)
      local copy = {}
      for k, v in pairs(filter or {}) do copy[k] = v end
      copy.computer = self.name
      return wrap_list(checked(pcall(host.sessions, copy)), Session)
    end
    function Computer:suspend_all(reason) return checked(pcall(host.act, "suspend_all", self.name, reason)) end
    function Computer:end_all(reason) return checked(pcall(host.act, "end_all", self.name, reason)) end
    function Computer:shutdown(options) return checked(pcall(host.act, "shutdown", self.name, options)) end
    function Computer:restart(options) return checked(pcall(host.act, "restart", self.name, options)) end
    function Computer:cancel_shutdown(reason) return checked(pcall(host.act, "cancel_shutdown", self.name, reason)) end
    function Computer:block_all(options) return checked(pcall(host.act, "block_all", self.name, options)) end
    function Computer:unblock_all(reason) return checked(pcall(host.act, "unblock_all", self.name, reason)) end
    function Computer:message_all(text) return checked(pcall(host.act, "message_all", self.name, text)) end

    function Station:block(options) return checked(pcall(host.act, "block", self.id, options)) end
    function Station:unblock(reason) return checked(pcall(host.act, "unblock", self.id, reason)) end
    function Station:suspend(reason) return checked(pcall(host.act, "suspend_station", self.id, reason)) end
    function Computer:stations(filter)
      local copy = {}
      for k, v in pairs(filter or {}) do copy[k] = v end
      copy.computer = self.name
      return wrap_list(checked(pcall(host.stations, copy)), Station)
    end

    function sessions(filter) return wrap_list(checked(pcall(host.sessions, filter or {})), Session) end
    function session(ref)
      local found = checked(pcall(host.session, ref))
      if found then return setmetatable(found, Session) end
      return nil
    end
    function computer(name)
      local found = checked(pcall(host.computer, name))
      if found then return setmetatable(found, Computer) end
      return nil
    end
    function computers() return wrap_list(checked(pcall(host.computers)), Computer) end
    function stations(filter) return wrap_list(checked(pcall(host.stations, filter or {})), Station) end
    function station(id)
      local found = checked(pcall(host.station, id))
      if found then return setmetatable(found, Station) end
      return nil
    end

    local function joined(...)
      local parts = {}
      for i = 1, select("#", ...) do parts[i] = tostring((select(i, ...))) end
      return concat(parts, " ")
    end
    log = {
      info = function(...) host.log("info", joined(...)) end,
      warn = function(...) host.log("warn", joined(...)) end,
      error = function(...) host.log("error", joined(...)) end,
    }

    actions = setmetatable({}, {
      __index = function(_, name)
        return function(arguments) return checked(pcall(host.call_action, name, arguments)) end
      end,
      __newindex = function() error("actions is read-only: plugins add actions with action(NAME, fn)", 2) end,
    })
    """#
}
