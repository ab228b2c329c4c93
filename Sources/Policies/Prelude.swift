/// Lua run in every policy and plugin state before its file: it builds the policy API
/// (session and computer objects with methods, `log`, `actions`) on a few Swift primitives
/// in the `host` table it receives. Errors raised here are re-raised at the policy's own line.
enum Prelude {
    static let path = "stationkeeper-api"

    static let source = #"""
    local host = ...
    local setmetatable, error, pcall, select, tostring, pairs = setmetatable, error, pcall, select, tostring, pairs
    local concat, gsub, pack, unpack = table.concat, string.gsub, table.pack, table.unpack

    -- Calls a host primitive; an error is re-raised at the line of the policy that called the
    -- API function. Every API function calls this in a non-tail position, so level 3 is the policy.
    local function call(f, ...)
      local results = pack(pcall(f, ...))
      if not results[1] then
        error((gsub(tostring(results[2]), "^[^\n]-stationkeeper%-api:%d+: ", "")), 3)
      end
      return unpack(results, 2, results.n)
    end

    local Session, Computer, Station = {}, {}, {}
    Session.__index, Computer.__index, Station.__index = Session, Computer, Station

    local function wrap_list(list, meta)
      for i = 1, #list do setmetatable(list[i], meta) end
      return list
    end

    local function with_computer(filter, name)
      local copy = {}
      for k, v in pairs(filter or {}) do copy[k] = v end
      copy.computer = name
      return copy
    end

    local function action(verb)
      return function(self, argument)
        local ok, detail = call(host.act, verb, self.id or self.name, argument)
        return ok, detail
      end
    end

    Session.lock, Session.suspend, Session.sign_out = action("lock"), action("suspend"), action("sign_out")
    Session.terminate, Session.message = action("terminate"), action("message")
    Computer.suspend_all, Computer.end_all = action("suspend_all"), action("end_all")
    Computer.shutdown, Computer.restart, Computer.cancel_shutdown = action("shutdown"), action("restart"), action("cancel_shutdown")
    Computer.block_all, Computer.unblock_all, Computer.message_all = action("block_all"), action("unblock_all"), action("message_all")
    Station.block, Station.unblock, Station.suspend = action("block"), action("unblock"), action("suspend_station")

    function Computer:sessions(filter)
      local list = call(host.sessions, with_computer(filter, self.name))
      return wrap_list(list, Session)
    end
    function Computer:stations(filter)
      local list = call(host.stations, with_computer(filter, self.name))
      return wrap_list(list, Station)
    end

    local function finder(primitive, meta)
      return function(argument)
        local found = call(primitive, argument)
        if found then return setmetatable(found, meta) end
        return nil
      end
    end
    session = finder(host.session, Session)
    computer = finder(host.computer, Computer)
    station = finder(host.station, Station)

    function sessions(filter)
      local list = call(host.sessions, filter or {})
      return wrap_list(list, Session)
    end
    function computers()
      local list = call(host.computers)
      return wrap_list(list, Computer)
    end
    function stations(filter)
      local list = call(host.stations, filter or {})
      return wrap_list(list, Station)
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
        return function(arguments)
          local results = pack(call(host.call_action, name, arguments))
          return unpack(results, 1, results.n)
        end
      end,
      __newindex = function() error("actions is read-only: plugins add actions with action(NAME, fn)", 2) end,
    })
    """#
}
