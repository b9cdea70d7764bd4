/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * trigger.h - the events/<sys>/<ev>/trigger file of Linux 6.18
 * (kernel/trace/trace_events_trigger.c) on a kernel without
 * CONFIG_TRACER_SNAPSHOT and CONFIG_HIST_TRIGGERS: parsing one write into a
 * command, and rendering the file.
 *
 * What stays with the caller (the model): looking up the target event of
 * enable_event/disable_event (passed in as a callback so that errors come
 * in the kernel's order), compiling the "if" filter (filter.h; a bad
 * filter is -EINVAL plus an error_log entry whose command is the filter
 * text), the duplicate check (-EEXIST, see tfm_trigger_same_slot()),
 * removal, and arming the events.
 *
 * Private to tracefs-model; not installed.
 */
#ifndef TFM_TRIGGER_H
#define TFM_TRIGGER_H

#include <stdbool.h>
#include <stddef.h>
#include <glib.h>

/* A trigger write must be shorter than a page. */
#define TFM_TRIGGER_MAX_WRITE	4096

/* Which command was written. */
enum tfm_trigger_kind {
	TFM_TRIGGER_NONE,		/* zero-length write: nothing to do */
	TFM_TRIGGER_TRACEON,
	TFM_TRIGGER_TRACEOFF,
	TFM_TRIGGER_STACKTRACE,
	TFM_TRIGGER_ENABLE_EVENT,
	TFM_TRIGGER_DISABLE_EVENT,
};

/*
 * The kernel's trigger type: an event holds at most one trigger per type
 * (for EVENT_ENABLE: per type and target event); traceon and traceoff
 * share one type, so do enable_event and disable_event.
 */
enum tfm_trigger_type {
	TFM_TRIGGER_TYPE_NONE,
	TFM_TRIGGER_TYPE_TRACE_ONOFF,
	TFM_TRIGGER_TYPE_STACKTRACE,
	TFM_TRIGGER_TYPE_EVENT_ENABLE,
};

/*
 * struct tfm_trigger_cmd - one parsed trigger write, or one trigger.
 * @kind:	the command
 * @type:	its trigger type
 * @remove:	written with a leading '!'
 * @count:	times left to fire, -1 = unlimited (what the kernel stores:
 *		":18446744073709551615" therefore also reads "unlimited")
 * @system:	target system of enable_event/disable_event, else NULL
 * @event:	target event of enable_event/disable_event, else NULL
 * @filter:	the filter text after "if" and one blank, as the kernel
 *		compiles and shows it, or NULL; never set for @remove
 * @filter_offset: where @filter starts in the written buffer
 */
struct tfm_trigger_cmd {
	enum tfm_trigger_kind kind;
	enum tfm_trigger_type type;
	bool remove;
	long count;
	char *system;
	char *event;
	char *filter;
	size_t filter_offset;
};

/*
 * Does the event @system:@event exist in this instance and may it be the
 * target of enable_event/disable_event?  (The kernel requires an exact
 * match and refuses ftrace-internal events.)
 */
typedef bool (*tfm_trigger_target_fn)(void *ctx, const char *system,
				      const char *event);

void tfm_trigger_cmd_clear(struct tfm_trigger_cmd *cmd);
int tfm_trigger_parse(const char *buf, size_t len,
		      tfm_trigger_target_fn target_ok, void *ctx,
		      struct tfm_trigger_cmd *cmd);
bool tfm_trigger_same_slot(const struct tfm_trigger_cmd *a,
			   const struct tfm_trigger_cmd *b);
const char *tfm_trigger_name(enum tfm_trigger_kind kind);
void tfm_trigger_render_append(GString *out, const struct tfm_trigger_cmd *t);
char *tfm_trigger_render(const struct tfm_trigger_cmd *t);
const char *tfm_trigger_help_text(void);

#endif /* TFM_TRIGGER_H */
