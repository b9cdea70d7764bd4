/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * trigger.c - parse and render event triggers as Linux 6.18 does.
 */
#include <errno.h>
#include <string.h>

#include "setevent.h"
#include "trigger.h"

struct trigger_command {
	const char *name;
	enum tfm_trigger_kind kind;
	enum tfm_trigger_type type;
	bool needs_target;
};

/* The registered commands, in registration order (the help line's order). */
static const struct trigger_command commands[] = {
	{ "traceon", TFM_TRIGGER_TRACEON, TFM_TRIGGER_TYPE_TRACE_ONOFF, false },
	{ "traceoff", TFM_TRIGGER_TRACEOFF, TFM_TRIGGER_TYPE_TRACE_ONOFF, false },
	{ "stacktrace", TFM_TRIGGER_STACKTRACE, TFM_TRIGGER_TYPE_STACKTRACE, false },
	{ "enable_event", TFM_TRIGGER_ENABLE_EVENT, TFM_TRIGGER_TYPE_EVENT_ENABLE, true },
	{ "disable_event", TFM_TRIGGER_DISABLE_EVENT, TFM_TRIGGER_TYPE_EVENT_ENABLE, true },
};

static const char help_text[] =
	"# Available triggers:\n"
	"# traceon traceoff stacktrace enable_event disable_event\n";

static const struct trigger_command *find_command(const char *name)
{
	for (size_t i = 0; i < G_N_ELEMENTS(commands); i++) {
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	}
	return NULL;
}

static char *skip_spaces(char *s)
{
	while (tfm_isspace(*s))
		s++;
	return s;
}

/* The kernel's strim(): cut trailing white space, skip leading. */
static char *strim(char *s)
{
	size_t n = strlen(s);

	while (n && tfm_isspace(s[n - 1]))
		n--;
	s[n] = '\0';
	return skip_spaces(s);
}

/* "<count>[:ignored]" as event_trigger_parse_num(). */
static int parse_count(char *param, struct tfm_trigger_cmd *cmd)
{
	unsigned long val;
	char *number;
	int ret;

	if (!param)
		return 0;
	number = strsep(&param, ":");
	if (!*number)
		return -EINVAL;
	ret = tfm_kstrtoul(number, 0, &val);
	if (ret)
		return ret;
	cmd->count = (long)val;
	return 0;
}

/* "if <filter>" as set_trigger_filter(), before the filter is compiled. */
static int parse_filter(char *filter, const char *base,
			struct tfm_trigger_cmd *cmd)
{
	char *word;

	if (!filter)
		return 0;
	word = strsep(&filter, " \t");
	if (strcmp(word, "if") != 0 || !filter)
		return -EINVAL;
	cmd->filter = g_strdup(filter);
	cmd->filter_offset = filter - base;
	return 0;
}

/*
 * Split "<param> <filter>" at the first blank or tab, as
 * event_trigger_separate_filter().  Without a required param, only text
 * starting with a digit is a param; anything else is all filter.
 */
static void separate_filter(char *rest, bool param_required, char **param,
			    char **filter)
{
	*param = *filter = NULL;
	if (!rest)
		return;
	if (!param_required && !g_ascii_isdigit(rest[0])) {
		*filter = rest;
		return;
	}
	*param = strsep(&rest, " \t");
	if (rest) {
		*filter = skip_spaces(rest);
		if (!**filter)
			*filter = NULL;
	}
}

static int parse_simple(char *rest, const char *base,
			struct tfm_trigger_cmd *cmd)
{
	char *param, *filter;
	int ret;

	separate_filter(rest, false, &param, &filter);
	if (cmd->remove)
		return 0;
	ret = parse_count(param, cmd);
	if (ret)
		return ret;
	return parse_filter(filter, base, cmd);
}

static int parse_enable(char *rest, const char *base,
			tfm_trigger_target_fn target_ok, void *ctx,
			struct tfm_trigger_cmd *cmd)
{
	char *param, *filter, *system, *event;
	int ret;

	if (!rest)
		return -EINVAL;
	separate_filter(rest, true, &param, &filter);
	system = strsep(&param, ":");
	if (!param)
		return -EINVAL;
	event = strsep(&param, ":");
	if (target_ok && !target_ok(ctx, system, event))
		return -EINVAL;
	cmd->system = g_strdup(system);
	cmd->event = g_strdup(event);
	if (cmd->remove)
		return 0;
	ret = parse_count(param, cmd);
	if (ret)
		return ret;
	return parse_filter(filter, base, cmd);
}

/**
 * tfm_trigger_cmd_clear() - free what a trigger command holds
 * @cmd: the command, or NULL
 *
 * Leaves @cmd zeroed (kind TFM_TRIGGER_NONE), ready for reuse.
 */
void tfm_trigger_cmd_clear(struct tfm_trigger_cmd *cmd)
{
	if (!cmd)
		return;
	g_free(cmd->system);
	g_free(cmd->event);
	g_free(cmd->filter);
	memset(cmd, 0, sizeof(*cmd));
}

/**
 * tfm_trigger_parse() - parse one write to a `trigger` file
 * @buf:	the write() buffer
 * @len:	its length
 * @target_ok:	checks the target of enable_event/disable_event; NULL
 *		accepts every target
 * @ctx:	passed to @target_ok
 * @cmd:	receives the command (zeroed first, cleared on error)
 *
 * The kernel's steps and errors, in its order: a zero-length write does
 * nothing (success, kind TFM_TRIGGER_NONE, the write returns 0); a write
 * of TFM_TRIGGER_MAX_WRITE bytes or more is -EINVAL; the text ends at an
 * embedded NUL and is stripped of white space; the command name ends at
 * the first ':', blank or tab and must be a registered command (possibly
 * after '!'); "snapshot", "hist", "enable_hist", ... are not registered on
 * the modelled kernel and fail like "bogus".
 *
 * traceon, traceoff, stacktrace: "[:]<count>[:...] [if <filter>]" or
 * "[:]if <filter>"; <count> is kstrtoul(base 0) of the text up to the next
 * ':', anything after that ':' is ignored (-EINVAL / -ERANGE).
 * enable_event, disable_event: "<sys>:<event>[:<count>] [if <filter>]";
 * a missing ':' or an unknown target is -EINVAL, an empty <count> too.
 * The filter part must be "if" + blank or tab + text (-EINVAL otherwise);
 * that text is what the caller compiles and what the file shows.
 * For a removal ('!') the count and filter are not examined at all, but
 * an enable/disable_event target still has to exist.
 *
 * Return: 0 (the caller then removes, or compiles the filter, checks for
 * -EEXIST and adds; the write returns @len), or a negative errno.
 */
int tfm_trigger_parse(const char *buf, size_t len,
		      tfm_trigger_target_fn target_ok, void *ctx,
		      struct tfm_trigger_cmd *cmd)
{
	const struct trigger_command *tc;
	g_autofree char *copy = NULL;
	char *rest, *name;
	int ret;

	memset(cmd, 0, sizeof(*cmd));
	cmd->count = -1;
	if (!len)
		return 0;
	if (len >= TFM_TRIGGER_MAX_WRITE)
		return -EINVAL;

	copy = g_strndup(buf, len);
	rest = strim(copy);
	name = strsep(&rest, ": \t");
	if (rest) {
		rest = skip_spaces(rest);
		if (!*rest)
			rest = NULL;
	}
	cmd->remove = name[0] == '!';
	tc = find_command(name + cmd->remove);
	if (!tc)
		return -EINVAL;
	cmd->kind = tc->kind;
	cmd->type = tc->type;

	if (tc->needs_target)
		ret = parse_enable(rest, copy, target_ok, ctx, cmd);
	else
		ret = parse_simple(rest, copy, cmd);
	if (ret)
		tfm_trigger_cmd_clear(cmd);
	return ret;
}

/**
 * tfm_trigger_same_slot() - would @a and @b occupy the same trigger slot?
 * @a: a trigger or parsed command
 * @b: another one
 *
 * An event holds one trigger per type; for enable_event/disable_event one
 * per type and target.  Adding @b while @a exists is -EEXIST; removing
 * @b ('!') removes @a (the count and filter are not compared, and
 * "!traceon" removes a traceoff trigger).
 *
 * Return: true if the two collide.
 */
bool tfm_trigger_same_slot(const struct tfm_trigger_cmd *a,
			   const struct tfm_trigger_cmd *b)
{
	if (a->type != b->type || a->type == TFM_TRIGGER_TYPE_NONE)
		return false;
	if (a->type != TFM_TRIGGER_TYPE_EVENT_ENABLE)
		return true;
	return g_strcmp0(a->system, b->system) == 0 &&
	       g_strcmp0(a->event, b->event) == 0;
}

/**
 * tfm_trigger_name() - the command name of a trigger kind
 * @kind: the kind
 *
 * Return: e.g. "traceoff"; "" for TFM_TRIGGER_NONE.
 */
const char *tfm_trigger_name(enum tfm_trigger_kind kind)
{
	for (size_t i = 0; i < G_N_ELEMENTS(commands); i++) {
		if (commands[i].kind == kind)
			return commands[i].name;
	}
	return "";
}

/**
 * tfm_trigger_render_append() - append a trigger's line of the trigger file
 * @out:	where the line goes
 * @t:		the trigger (its current count)
 *
 * "<name>[:<sys>:<event>]:unlimited" or "...:count=<n>", then
 * " if <filter>" when it has one, then '\n'; e.g.
 * "stacktrace:count=5 if prev_pid == 1".  The file lists the triggers
 * newest first and shows tfm_trigger_help_text() when there are none.
 */
void tfm_trigger_render_append(GString *out, const struct tfm_trigger_cmd *t)
{
	g_string_append(out, tfm_trigger_name(t->kind));
	if (t->type == TFM_TRIGGER_TYPE_EVENT_ENABLE)
		g_string_append_printf(out, ":%s:%s", t->system, t->event);
	if (t->count == -1)
		g_string_append(out, ":unlimited");
	else
		g_string_append_printf(out, ":count=%ld", t->count);
	if (t->filter)
		g_string_append_printf(out, " if %s\n", t->filter);
	else
		g_string_append_c(out, '\n');
}

/**
 * tfm_trigger_render() - a trigger's line of the trigger file
 * @t: the trigger
 *
 * Return: the line as tfm_trigger_render_append() makes it (g_free()).
 */
char *tfm_trigger_render(const struct tfm_trigger_cmd *t)
{
	GString *out = g_string_new(NULL);

	tfm_trigger_render_append(out, t);
	return g_string_free(out, FALSE);
}

/**
 * tfm_trigger_help_text() - what the trigger file shows with no triggers
 *
 * Return: the two "# Available triggers" lines (static storage).
 */
const char *tfm_trigger_help_text(void)
{
	return help_text;
}
