-- wrk_today.lua: authenticated GETs of today's plan for bench/bench_server.sh,
-- request i to patient (i mod P), so that the reads spread over every patient.
--
--   wrk -s bench/wrk_today.lua URL -- PATIENTS_FILE TOKEN
--
-- PATIENTS_FILE: one patient id a line; TOKEN: the mrx_session cookie. The
-- requests are formatted once, in init, so that wrk spends little per request.
-- No response() hook (it would make wrk parse every response): wrk's summary
-- counts the responses of status 400 and over ("Non-2xx or 3xx responses").

local requests = {}
local n, i = 0, 0

function init(args)
   local headers = {["Cookie"] = "mrx_session=" .. args[2]}
   for line in io.lines(args[1]) do
      if #line > 0 then
         table.insert(requests, wrk.format("GET", "/api/v1/patients/" .. line .. "/today", headers))
      end
   end
   n = #requests
end

function request()
   i = i + 1
   return requests[(i % n) + 1]
end
