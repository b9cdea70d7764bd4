/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * dynevent.h - uprobe definitions as written to uprobe_events and
 * dynamic_events: write splitting, command parsing with the kernel's
 * check order, errno and error_log entries, readback lines, the generated
 * `format` text and field list, and the matching rules for removal.
 *
 * Pure parsing/formatting: the caller (the model) owns the list of probes,
 * the tree, ids and enable state.  Private to tracefs-model.
 */
#ifndef TFM_DYNEVENT_H
#define TFM_DYNEVENT_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "field.h"

#define TFM_DYNEVENT_DEFAULT_GROUP	"uprobes"
#define TFM_DYNEVENT_MAX_ARGS		128
#define TFM_DYNEVENT_MAX_LINE		4094	/* characters before '\n' */

/* Which control file a line was written to. */
enum tfm_dynevent_file {
	TFM_DYNEVENT_UPROBE_EVENTS,
	TFM_DYNEVENT_DYNAMIC_EVENTS,	/* also takes "!..." as removal */
};

/*
 * struct tfm_dynevent_inode - what a path lookup found.
 * @dev, @ino:	identity used to compare probe locations
 * @is_reg:	S_ISREG after following symlinks
 */
struct tfm_dynevent_inode {
	dev_t dev;
	ino_t ino;
	bool is_reg;
};

/*
 * Resolve @path like the kernel's kern_path(LOOKUP_FOLLOW) would for the
 * writer.  Return 0 and fill @out, or a negative errno (returned as is).
 */
typedef int (*tfm_dynevent_lookup_fn)(const char *path, void *data,
				      struct tfm_dynevent_inode *out);

/*
 * struct tfm_dynevent_type - one fetch type ("u8", "x64", "string", ...).
 * @fmt:	printf conversion used in "print fmt" (e.g. "0x%Lx")
 * @fmttype:	type shown in the format file (e.g. "u64" for x64)
 */
struct tfm_dynevent_type {
	const char *name;
	unsigned int size;
	bool is_signed;
	bool is_string;
	const char *fmt;
	const char *fmttype;
};

/*
 * struct tfm_dynevent_arg - one FETCHARG.
 * @name:	given NAME or "argN"
 * @comm:	BODY[:TYPE] exactly as typed
 * @type:	fetch type (bitfields use their container type)
 * @count:	array length, 0 for a scalar
 * @offset:	byte offset from the first argument field
 * @fmt:	array field type ("u8[4]", "__data_loc char[][2]") or NULL
 */
struct tfm_dynevent_arg {
	char *name;
	char *comm;
	const struct tfm_dynevent_type *type;
	unsigned int count;
	unsigned int offset;
	char *fmt;
};

/*
 * struct tfm_dynevent_probe - one parsed uprobe definition.
 * @path:	PATH exactly as typed (without ":OFFSET...")
 * @inode:	what the lookup callback returned for @path
 * @args_size:	total bytes of all argument fields
 * @argv, @argc: the command's tokens (for later error_log entries)
 */
struct tfm_dynevent_probe {
	char *group;
	char *event;
	char *path;
	unsigned long offset;
	unsigned long ref_ctr;
	bool is_return;
	struct tfm_dynevent_inode inode;
	unsigned int nr_args;
	struct tfm_dynevent_arg *args;
	unsigned int args_size;
	char **argv;
	int argc;
};

/*
 * struct tfm_dynevent_removal - a parsed "-:[GRP/]EVENT [...]" command.
 * @group:	NULL when no group was given (matches any group)
 * @event:	"" matches every event (only possible with a group)
 * @argv, @argc: trailing tokens that must match the probe's canonical form
 */
struct tfm_dynevent_removal {
	char *group;
	char *event;
	char **argv;
	int argc;
};

/*
 * struct tfm_dynevent_err - one error_log entry ("trace_uprobe" subsystem).
 * @msg:	kernel message text (static)
 * @cmd:	the tokens re-joined with single spaces
 * @pos:	caret column inside @cmd
 */
struct tfm_dynevent_err {
	const char *msg;
	char *cmd;
	unsigned int pos;
};

enum tfm_dynevent_cmd_kind {
	TFM_DYNEVENT_CMD_EMPTY,		/* blank line: a no-op */
	TFM_DYNEVENT_CMD_DEFINE,
	TFM_DYNEVENT_CMD_REMOVE,
};

struct tfm_dynevent_cmd {
	enum tfm_dynevent_cmd_kind kind;
	struct tfm_dynevent_probe *probe;	/* DEFINE */
	struct tfm_dynevent_removal *removal;	/* REMOVE */
};

/**
 * tfm_dynevent_run_write() - split one write() buffer like the kernel.
 * @buf, @count: the bytes written
 * @fn: called for each line, '\n' removed and cut at the first '#'
 * @data: passed to @fn
 *
 * Lines run in order; the first non-zero return of @fn stops the walk.
 * A line longer than TFM_DYNEVENT_MAX_LINE is rejected before it runs.
 * Return: @count on success, or the negative errno of the failing line
 * (-EINVAL for an over-long line).
 */
ssize_t tfm_dynevent_run_write(const char *buf, size_t count,
			       int (*fn)(char *line, void *data), void *data);

/**
 * tfm_dynevent_parse_line() - parse one line (as passed by run_write).
 * @line: the command text
 * @file: which control file received it
 * @lookup, @lookup_data: resolves PATH (see tfm_dynevent_lookup_stat())
 * @cmd: filled on success; clear with tfm_dynevent_cmd_clear()
 * @err: set to a new error_log entry when the kernel would log one
 *
 * Runs every check up to and including the FETCHARGs (spec steps 1-7);
 * registration checks that need model state are in
 * tfm_dynevent_register_check().
 * Return: 0, or the negative errno the write must return.
 */
int tfm_dynevent_parse_line(const char *line, enum tfm_dynevent_file file,
			    tfm_dynevent_lookup_fn lookup, void *lookup_data,
			    struct tfm_dynevent_cmd *cmd,
			    struct tfm_dynevent_err **err);

/**
 * tfm_dynevent_register_check() - the registration step of a definition.
 * @p: the new probe
 * @list: every existing uprobe, in creation order
 * @nr: entries in @list
 * @static_name_taken: a non-dynamic event already uses p's GRP/EVENT
 * @append_to: set to the existing probe whose event @p joins, or NULL
 *	when @p creates a new event
 * @err: set to a new error_log entry for the EEXIST cases
 *
 * Return: 0 when the probe may be added; -EINVAL for a reference counter
 * mismatch (nothing logged); -EEXIST for a conflicting existing probe or a
 * name used by a static event.
 */
int tfm_dynevent_register_check(const struct tfm_dynevent_probe *p,
				struct tfm_dynevent_probe *const *list,
				size_t nr, bool static_name_taken,
				struct tfm_dynevent_probe **append_to,
				struct tfm_dynevent_err **err);

/**
 * tfm_dynevent_removal_match() - does a removal command select @p?
 *
 * The caller walks its probes in creation order and removes each match at
 * once.  A probe that shares its event with other probes is removed
 * without any busy check; the last probe of an event fails with -EBUSY
 * when the event is in use (enabled, soft-enabled, trigger target, perf)
 * and that failure stops the walk.  No match at all: -ENOENT.
 * Return: true when @p is selected.
 */
bool tfm_dynevent_removal_match(const struct tfm_dynevent_removal *rm,
				const struct tfm_dynevent_probe *p);

/**
 * tfm_dynevent_same_event() - do @a and @b belong to the same event?
 * Return: true when group and event names are equal.
 */
bool tfm_dynevent_same_event(const struct tfm_dynevent_probe *a,
			     const struct tfm_dynevent_probe *b);

/**
 * tfm_dynevent_line() - the probe's line in uprobe_events/dynamic_events.
 * Return: a new string ending in '\n' (identical for both files).
 */
char *tfm_dynevent_line(const struct tfm_dynevent_probe *p);

/**
 * tfm_dynevent_profile_line() - the probe's line in uprobe_profile.
 * Return: a new string ending in '\n'.
 */
char *tfm_dynevent_profile_line(const struct tfm_dynevent_probe *p,
				unsigned long nhit);

/**
 * tfm_dynevent_print_fmt() - the "print fmt" value of the event.
 * Return: a new string (without the "print fmt: " prefix).
 */
char *tfm_dynevent_print_fmt(const struct tfm_dynevent_probe *p);

/**
 * tfm_dynevent_format() - the whole `format` file of the event.
 * @p: the event's first probe (siblings share the layout)
 * @id: the event id
 * Return: a new string ending in '\n'.
 */
char *tfm_dynevent_format(const struct tfm_dynevent_probe *p, unsigned int id);

/**
 * tfm_dynevent_fields() - the event's fields, common_* fields first.
 * @nr: set to the number of fields
 * Return: a g_new() array (free with g_free()); its strings are static or
 * owned by @p and live as long as @p.
 */
struct tfm_field *tfm_dynevent_fields(const struct tfm_dynevent_probe *p,
				      size_t *nr);

/**
 * tfm_dynevent_err_render() - an error_log entry as read back.
 * @ts_ns: timestamp of the entry in nanoseconds
 * Return: a new string of three lines, the last ending in '\n'.
 */
char *tfm_dynevent_err_render(const struct tfm_dynevent_err *err,
			      unsigned long long ts_ns);

/**
 * tfm_dynevent_lookup_stat() - lookup callback using the host's stat().
 * @data: NULL (relative paths from the process cwd) or an int * holding a
 *	directory fd that relative paths start from (e.g. the writer's cwd)
 * Return: 0 and @out filled, or -errno from fstatat().
 */
int tfm_dynevent_lookup_stat(const char *path, void *data,
			     struct tfm_dynevent_inode *out);

/* tfm_dynevent_probe_free() - free @p and everything it owns; NULL is ok. */
void tfm_dynevent_probe_free(struct tfm_dynevent_probe *p);
/* tfm_dynevent_removal_free() - free @rm; NULL is ok. */
void tfm_dynevent_removal_free(struct tfm_dynevent_removal *rm);
/* tfm_dynevent_err_free() - free @err; NULL is ok. */
void tfm_dynevent_err_free(struct tfm_dynevent_err *err);
/* tfm_dynevent_cmd_clear() - free what @cmd holds and zero it; NULL is ok. */
void tfm_dynevent_cmd_clear(struct tfm_dynevent_cmd *cmd);

#endif /* TFM_DYNEVENT_H */
