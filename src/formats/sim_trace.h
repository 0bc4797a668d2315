/*
 * sim_trace.h: the simulator's trace lines (CONTRACT.md "Plan engine and
 * simulator", docs/simulator.md): one JSON object per event.
 */
#ifndef MOVERX_SIM_TRACE_H
#define MOVERX_SIM_TRACE_H

#include <jansson.h>

#include "core/simulate/simulate.h"

/* The event as a JSON object (new reference). */
json_t *sim_event_to_json(const struct sim_event *ev, const struct adapt_rules *rules);

#endif
