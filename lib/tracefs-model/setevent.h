/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * setevent.h - parsers for the value-taking tracefs control files:
 *
 *  - the kernel's number parsers (kstrtoull() and friends, including the
 *    *_from_user() variants with their input truncation), used by
 *    tracing_on, buffer_size_kb, buffer_percent, options/<flag>, ...;
 *  - the 0/1 parser of the `enable` files (tfm_parse_bool01());
 *  - the word writes of current_tracer, trace_clock, trace_options
 *    (tfm_strim_dup());
 *  - set_event: one token per write() (tfm_set_event_next_token()) and
 *    its matching rule (tfm_set_event_matches());
 *  - set_event_pid / set_event_notrace_pid (tfm_parse_pid_list()).
 *
 * All of them follow Linux 6.18 (lib/kstrtox.c, kernel/trace/trace.c,
 * kernel/trace/trace_events.c): same accepted inputs, same byte counts,
 * same errno values.  Private to tracefs-model; not installed.
 */
#ifndef TFM_SETEVENT_H
#define TFM_SETEVENT_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>
#include <glib.h>

/* Longest set_event token, as the kernel's EVENT_BUF_SIZE. */
#define TFM_SET_EVENT_MAX_TOKEN	127
/* Longest pid token of set_event_pid, as the kernel's PID_BUF_SIZE. */
#define TFM_PID_MAX_TOKEN	127
/* Pids at or above this cannot be stored in a pid list (-EPERM). */
#define TFM_PID_LIST_MAX	(1u << 30)

/* ---- kernel ctype and number parsing ---- */

bool tfm_isspace(int c);

int tfm_kstrtoull(const char *s, unsigned int base, unsigned long long *res);
int tfm_kstrtoul(const char *s, unsigned int base, unsigned long *res);
int tfm_kstrtoll(const char *s, unsigned int base, long long *res);
int tfm_kstrtouint(const char *s, unsigned int base, unsigned int *res);
int tfm_kstrtoint(const char *s, unsigned int base, int *res);

int tfm_kstrtoul_from_user(const char *buf, size_t len, unsigned int base,
			   unsigned long *res);
int tfm_kstrtouint_from_user(const char *buf, size_t len, unsigned int base,
			     unsigned int *res);
int tfm_kstrtoint_from_user(const char *buf, size_t len, unsigned int base,
			    int *res);

int tfm_parse_bool01(const char *buf, size_t len, bool *val);

char *tfm_strim_dup(const char *buf, size_t len, size_t max);

/* ---- set_event ---- */

/*
 * struct tfm_set_event_cmd - one parsed set_event token.
 * @token:	the token as written (with its '!'), NULL when the write held
 *		only whitespace (then nothing else is set)
 * @negate:	the token started with '!' (disable)
 * @match:	for a token without ':' (before any ":mod:"): a name that
 *		matches an event name OR a system name; NULL otherwise
 * @system:	system name to match, NULL = any
 * @event:	event name to match, NULL = any
 * @module:	the module of a ":mod:<module>" token with '-' turned into
 *		'_' (possibly ""), NULL for other tokens
 *
 * When @match, @system and @event are all NULL every event matches.
 */
struct tfm_set_event_cmd {
	char *token;
	bool negate;
	char *match;
	char *system;
	char *event;
	char *module;
};

void tfm_set_event_cmd_clear(struct tfm_set_event_cmd *cmd);
ssize_t tfm_set_event_next_token(const char *buf, size_t len,
				 struct tfm_set_event_cmd *cmd);
bool tfm_set_event_matches(const struct tfm_set_event_cmd *cmd,
			   const char *system, const char *event);
char *tfm_set_event_mod_line(const struct tfm_set_event_cmd *cmd);

/* ---- set_event_pid / set_event_notrace_pid ---- */

ssize_t tfm_parse_pid_list(const char *buf, size_t len, GArray *pids);

#endif /* TFM_SETEVENT_H */
