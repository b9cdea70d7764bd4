/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * trace-output.h - the text of Linux 6.18's trace files, as pure
 * functions: the `trace` header, one output line per entry (context
 * columns, irq-info flags, timestamps, the print/raw/event payloads),
 * lost-event and buffer-started notes, trace_clock, buffer_size_kb and
 * per_cpu stats text.  No locking, no state.  Private to tracefs-model.
 */
#ifndef TFM_TRACE_OUTPUT_H
#define TFM_TRACE_OUTPUT_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#include "ringbuf.h"

/* Fill @opts with the 6.18 defaults (tracer "nop"). */
void tfm_trace_opts_init(struct tfm_trace_opts *opts);

/* Return: the trace_clock name of @clock ("local" ...), or NULL. */
const char *tfm_trace_clock_name(enum tfm_ring_clock clock);

/* Return: the clock named exactly @name (@len bytes), or -1. */
int tfm_trace_clock_lookup(const char *name, size_t len);

/* Return: whether @clock counts nanoseconds (printed "secs.usecs");
 * counter, uptime and x86-tsc are printed as raw numbers. */
bool tfm_trace_clock_in_ns(enum tfm_ring_clock clock);

/* Append "[local] global counter ...\n" with @current bracketed. */
void tfm_trace_print_clock(GString *out, enum tfm_ring_clock current);

/*
 * Append the `trace` header: "# tracer: <name>\n#\n", then (if
 * context-info and not verbose) the entries line and the column help
 * that irq-info and record-tgid select.
 */
void tfm_trace_print_header(GString *out, const struct tfm_trace_opts *opts,
			    unsigned long entries, unsigned long written,
			    unsigned int nr_cpus);

/*
 * Append the context columns of one line ("<comm>-<pid> [cpu] flags
 * time: "), as trace_print_context() does.  @in_ns selects the time
 * format.
 */
void tfm_trace_print_context(GString *out, const struct tfm_trace_opts *opts,
			     const struct tfm_ring_entry *e, bool in_ns);

/* Append the 5 irq-info flag characters of @e (e.g. "...1."). */
void tfm_trace_print_lat_flags(GString *out, const struct tfm_ring_entry *e);

/* Append the payload part of @e's line, always ending with '\n' except
 * for a marker text cut short by a NUL byte (as the kernel's "%s"). */
void tfm_trace_print_payload(GString *out, const struct tfm_trace_opts *opts,
			     const struct tfm_ring_entry *e);

/* Append one whole output line of @e (context unless disabled, payload). */
void tfm_trace_print_entry(GString *out, const struct tfm_trace_opts *opts,
			   const struct tfm_ring_entry *e, bool in_ns);

/* Append "CPU:<cpu> [LOST <n> EVENTS]\n". */
void tfm_trace_print_lost(GString *out, int cpu, unsigned long lost);

/* Append "##### CPU <cpu> buffer started ####\n". */
void tfm_trace_print_cpu_started(GString *out, int cpu);

/* Append per_cpu/cpuN/stats text of @st (@in_ns: times as secs.usecs). */
void tfm_trace_print_stats(GString *out, const struct tfm_ring_cpu_stats *st,
			   bool in_ns);

/* Append " %5lu.%06lu" of @ns rounded to microseconds (no leading
 * blank when @lead is false). */
void tfm_trace_print_ns(GString *out, uint64_t ns, bool lead);

#endif /* TFM_TRACE_OUTPUT_H */
