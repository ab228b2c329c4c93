/// Lua run in every policy and plugin state before its file: it builds the policy API
/// (session, station and computer objects with methods, `log`, `actions`) on the Swift primitives
/// in the `api` table it receives. Errors raised here are re-raised at the policy's own line.
enum Prelude {
    static let path = "stationkeeper-api"

    static let source = #"""
        local api = ...

        -- One clock: os.time() and os.date() without a time read the engine's clock (virtual in a
        -- simulation, STATIONKEEPER_NOW), like now().
        do
          local engine_now, real_date, real_time = now, os.date, os.time
          os.time = function(t) if t == nil then return engine_now() end return real_time(t) end
          os.date = function(format, t) return real_date(format or "%c", t or engine_now()) end
        end
        local setmetatable, error, pcall, select, tostring, pairs = setmetatable, error, pcall, select, tostring, pairs
        local concat, gsub, pack, unpack = table.concat, string.gsub, table.pack, table.unpack

        -- Calls a primitive; an error is re-raised at the line of the policy that called the
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

        -- One method per verb of the engine's verb table: s:lock(), st:block("Exam"), c:shutdown{ … }.
        local function methods(class, primitives, key)
          for name, primitive in pairs(primitives) do
            class[name] = function(self, argument)
              local ok, detail = call(primitive, self[key], argument)
              return ok, detail
            end
          end
        end
        methods(Session, api.verbs.session, "id")
        methods(Station, api.verbs.station, "id")
        methods(Computer, api.verbs.computer, "name")

        function Computer:sessions(filter)
          local list = call(api.sessions, with_computer(filter, self.name))
          return wrap_list(list, Session)
        end
        function Computer:stations(filter)
          local list = call(api.stations, with_computer(filter, self.name))
          return wrap_list(list, Station)
        end

        local function finder(primitive, meta)
          return function(argument)
            local found = call(primitive, argument)
            if found then return setmetatable(found, meta) end
            return nil
          end
        end
        session = finder(api.session, Session)
        computer = finder(api.computer, Computer)
        station = finder(api.station, Station)

        function sessions(filter)
          local list = call(api.sessions, filter or {})
          return wrap_list(list, Session)
        end
        function computers()
          local list = call(api.computers)
          return wrap_list(list, Computer)
        end
        function stations(filter)
          local list = call(api.stations, filter or {})
          return wrap_list(list, Station)
        end

        local function joined(...)
          local parts = {}
          for i = 1, select("#", ...) do parts[i] = tostring((select(i, ...))) end
          return concat(parts, " ")
        end
        log = {
          info = function(...) api.log("info", joined(...)) end,
          warn = function(...) api.log("warn", joined(...)) end,
          error = function(...) api.log("error", joined(...)) end,
        }

        actions = setmetatable({}, {
          __index = function(_, name)
            return function(arguments)
              local results = pack(call(api.call_action, name, arguments))
              return unpack(results, 1, results.n)
            end
          end,
          __newindex = function() error("actions is read-only: plugins add actions with action(NAME, fn)", 2) end,
        })
        """#
}
