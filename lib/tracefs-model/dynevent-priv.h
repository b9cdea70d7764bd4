/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * dynevent-priv.h - what the parts of the uprobe definition parser share:
 * dynevent.c (write splitting, the command head, registration and
 * removal), dynevent-arg.c (FETCHARGs), dynevent-show.c (readback and
 * generated formats) and dynevent-util.c (kernel number parsing and the
 * error_log recorder).  Not installed.
 */
#ifndef TFM_DYNEVENT_PRIV_H
#define TFM_DYNEVENT_PRIV_H

#include <stdbool.h>

#include "dynevent.h"

#define MAX_ARGSTR_LEN		63	/* longest FETCHARG body */

/* The kernel's ctype (ISO 8859-1: 0xa0 is a space, 0xc0.. are letters). */
static inline bool k_isspace(unsigned char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r') || c == 0xa0;
}

static inline bool k_isdigit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

static inline bool k_isalpha(unsigned char c)
{
	if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')
		return true;
	return c >= 0xc0 && c != 0xd7 && c != 0xf7;
}

/* A C identifier (group names may also contain '-'); @s is not empty. */
static inline bool is_good_name(const char *s, bool allow_dash)
{
	if (!k_isalpha(*s) && *s != '_')
		return false;
	while (*++s) {
		if (!k_isalpha(*s) && !k_isdigit(*s) && *s != '_' &&
		    !(allow_dash && *s == '-'))
			return false;
	}
	return true;
}

/* ---- kernel numbers (dynevent-util.c) ---- */

/**
 * tfm_dynevent_kstrtoul() - the kernel's kstrtoul().
 * @s: the whole string (an optional '+', one trailing '\n' allowed)
 * @base: 0 for C-style radix detection, or 2..16
 * @res: set only on success
 * Return: 0, -EINVAL for a malformed string or -ERANGE on overflow.
 */
int tfm_dynevent_kstrtoul(const char *s, unsigned int base,
			  unsigned long *res);

/**
 * tfm_dynevent_kstrtol() - the kernel's kstrtol().
 * @s: the whole string (an optional sign, one trailing '\n' allowed)
 * @base: 0 for C-style radix detection, or 2..16
 * @res: set only on success
 * Return: 0, -EINVAL for a malformed string or -ERANGE when out of range.
 */
int tfm_dynevent_kstrtol(const char *s, unsigned int base, long *res);

/**
 * tfm_dynevent_simple_strtoul() - the kernel's simple_strtoul(s, end, 0).
 * @end: set to the first character not consumed
 * Return: the value, silently wrapped on overflow.
 */
unsigned long tfm_dynevent_simple_strtoul(const char *s, char **end);

/* ---- error_log messages (trace_probe.h ERRORS) ---- */

#define E_FILE_NOT_FOUND	"Failed to find the given file"
#define E_NO_REGULAR_FILE	"Not a regular file"
#define E_BAD_REFCNT		"Invalid reference counter offset"
#define E_REFCNT_OPEN_BRACE	"Reference counter brace is not closed"
#define E_BAD_REFCNT_SUFFIX	"Reference counter has wrong suffix"
#define E_BAD_UPROBE_OFFS	"Invalid uprobe offset"
#define E_BAD_ADDR_SUFFIX	"Invalid probed address suffix"
#define E_NO_GROUP_NAME		"Group name is not specified"
#define E_GROUP_TOO_LONG	"Group name is too long"
#define E_BAD_GROUP_NAME	"Group name must follow the same rules as C identifiers"
#define E_NO_EVENT_NAME		"Event name is not specified"
#define E_EVENT_TOO_LONG	"Event name is too long"
#define E_BAD_EVENT_NAME	"Event name must follow the same rules as C identifiers"
#define E_EVENT_EXIST		"Given group/event name is already used by another event"
#define E_RETVAL_ON_PROBE	"$retval is not available on probe"
#define E_BAD_ARG_NUM		"Invalid argument number"
#define E_BAD_VAR		"Invalid $-valiable specified"
#define E_BAD_REG_NAME		"Invalid register name"
#define E_BAD_MEM_ADDR		"Invalid memory address"
#define E_BAD_IMM		"Invalid immediate value"
#define E_IMMSTR_NO_CLOSE	"String is not closed with '\"'"
#define E_BAD_FILE_OFFS		"Invalid file offset value"
#define E_SYM_ON_UPROBE		"Symbol is not available with uprobe"
#define E_TOO_MANY_OPS		"Dereference is too much nested"
#define E_DEREF_NEED_BRACE	"Dereference needs a brace"
#define E_BAD_DEREF_OFFS	"Invalid dereference offset"
#define E_DEREF_OPEN_BRACE	"Dereference brace is not closed"
#define E_COMM_CANT_DEREF	"$comm can not be dereferenced"
#define E_BAD_FETCH_ARG		"Invalid fetch argument"
#define E_ARRAY_NO_CLOSE	"Array is not closed"
#define E_BAD_ARRAY_SUFFIX	"Array has wrong suffix"
#define E_BAD_ARRAY_NUM		"Invalid array size"
#define E_ARRAY_TOO_BIG		"Array number is too big"
#define E_BAD_TYPE		"Unknown type is specified"
#define E_BAD_STRING		"String accepts only memory argument"
#define E_BAD_BITFIELD		"Invalid bitfield"
#define E_ARG_NAME_TOO_LONG	"Argument name is too long"
#define E_NO_ARG_NAME		"Argument name is not specified"
#define E_BAD_ARG_NAME		"Argument name must follow the same rules as C identifiers"
#define E_USED_ARG_NAME		"This argument name is already used"
#define E_ARG_TOO_LONG		"Argument expression is too long"
#define E_NO_ARG_BODY		"No argument expression"
#define E_DIFF_PROBE_TYPE	"Probe type is different from existing probe"
#define E_DIFF_ARG_TYPE		"Argument type or name is different from existing probe"
#define E_SAME_PROBE		"There is already the exact same probe event"
#define E_NOSUP_BTFARG		"BTF is not available or not supported"
#define E_NOFENTRY_ARGS		"$arg* can be used only on function entry or exit"
#define E_NEED_STRING_TYPE	"$comm and immediate-string only accepts string type"
#define E_TOO_MANY_ARGS		"Too many arguments are specified"
#define E_EVENT_TOO_BIG		"Event too big (too many fields?)"

/*
 * struct plog - where errors of the command being parsed are reported.
 * @argv, @argc: the command's tokens
 * @index:	the token the next error points into
 * @err:	receives the first entry; NULL when nothing is logged
 */
struct plog {
	char **argv;
	int argc;
	int index;
	struct tfm_dynevent_err **err;
};

/**
 * tfm_dynevent_log_err() - record an error_log entry like trace_probe_log_err().
 * @l: the command being parsed
 * @offset: caret offset inside the token @l->index (ignored past the end)
 * @msg: one of the E_* messages
 *
 * Only the first error of a command is kept.
 */
void tfm_dynevent_log_err(struct plog *l, int offset, const char *msg);

/* ---- FETCHARGs (dynevent-arg.c) ---- */

/**
 * tfm_dynevent_parse_arg() - parse FETCHARG number @i of @p.
 * @p: the probe; p->args has room for it, p->is_return is final
 * @i: 0-based argument index (names default to "arg<i+1>")
 * @arg: the token as typed ("[NAME=]FETCHARG[:TYPE]")
 * @log: error_log recorder, its index already set to the token
 *
 * Fills p->args[i] and grows p->args_size.  On failure the argument may be
 * partly filled; tfm_dynevent_probe_free() releases it.
 * Return: 0, -EINVAL, -E2BIG or -ERANGE as the kernel returns them.
 */
int tfm_dynevent_parse_arg(struct tfm_dynevent_probe *p, unsigned int i,
			   const char *arg, struct plog *log);

#endif /* TFM_DYNEVENT_PRIV_H */
