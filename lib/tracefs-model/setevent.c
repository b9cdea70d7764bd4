/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * setevent.c - number parsers, the `enable` 0/1 parser, set_event tokens
 * and set_event_pid lists, with Linux 6.18's acceptance rules.
 */
#include <errno.h>
#include <limits.h>
#include <string.h>

#include "setevent.h"

/* Bit set in a digit count when the value overflowed 64 bits. */
#define KSTRTOX_OVERFLOW	(1u << 31)

/**
 * tfm_isspace() - the kernel's isspace()
 * @c: a character (a plain, possibly negative, char is fine)
 *
 * The kernel's ctype table is Latin-1: besides '\t' '\n' '\v' '\f' '\r'
 * and ' ' it also counts the no-break space 0xa0 as white space.
 *
 * Return: true if the kernel treats @c as white space.
 */
bool tfm_isspace(int c)
{
	unsigned char u = (unsigned char)c;

	return u == ' ' || (u >= '\t' && u <= '\r') || u == 0xa0;
}

static const char *fixup_radix(const char *s, unsigned int *base)
{
	if (*base == 0) {
		if (s[0] == '0') {
			if ((s[1] | 0x20) == 'x' && g_ascii_isxdigit(s[2]))
				*base = 16;
			else
				*base = 8;
		} else {
			*base = 10;
		}
	}
	if (*base == 16 && s[0] == '0' && (s[1] | 0x20) == 'x')
		s += 2;
	return s;
}

/* Digits consumed, with KSTRTOX_OVERFLOW or-ed in on 64-bit overflow. */
static unsigned int parse_digits(const char *s, unsigned int base,
				 unsigned long long *res)
{
	unsigned long long acc = 0;
	unsigned int rv = 0;

	for (;; s++) {
		unsigned int lc = (unsigned char)*s | 0x20;
		unsigned int val;

		if (*s >= '0' && *s <= '9')
			val = *s - '0';
		else if (lc >= 'a' && lc <= 'f')
			val = lc - 'a' + 10;
		else
			break;
		if (val >= base)
			break;
		if ((acc & (~0ull << 60)) && acc > (ULLONG_MAX - val) / base)
			rv |= KSTRTOX_OVERFLOW;
		acc = acc * base + val;
		rv++;
	}
	*res = acc;
	return rv;
}

/* kstrtoull() without the leading '+'. */
static int kstrtoull_nosign(const char *s, unsigned int base,
			    unsigned long long *res)
{
	unsigned long long acc;
	unsigned int rv;

	if (base > 16)
		return -EINVAL;
	s = fixup_radix(s, &base);
	rv = parse_digits(s, base, &acc);
	if (rv & KSTRTOX_OVERFLOW)
		return -ERANGE;
	if (rv == 0)
		return -EINVAL;
	s += rv;
	if (*s == '\n')
		s++;
	if (*s)
		return -EINVAL;
	*res = acc;
	return 0;
}

/**
 * tfm_kstrtoull() - the kernel's kstrtoull()
 * @s:		NUL-terminated input
 * @base:	0 (auto: "0x" hex, "0" octal, else decimal), or 2..16
 * @res:	where the value goes; untouched on error
 *
 * Accepts an optional leading '+', then at least one digit of @base (for
 * base 16 or auto an "0x" prefix), then at most one '\n' and nothing else.
 * No leading white space, no '-'.
 *
 * Return: 0, -ERANGE when the value does not fit 64 bits (checked before
 * anything else), or -EINVAL for any other bad input.
 */
int tfm_kstrtoull(const char *s, unsigned int base, unsigned long long *res)
{
	if (s[0] == '+')
		s++;
	return kstrtoull_nosign(s, base, res);
}

/**
 * tfm_kstrtoul() - the kernel's kstrtoul() (64-bit long)
 * @s:		NUL-terminated input
 * @base:	as tfm_kstrtoull()
 * @res:	where the value goes; untouched on error
 *
 * Return: as tfm_kstrtoull(); -ERANGE also when the value exceeds ULONG_MAX.
 */
int tfm_kstrtoul(const char *s, unsigned int base, unsigned long *res)
{
	unsigned long long tmp;
	int ret = tfm_kstrtoull(s, base, &tmp);

	if (ret)
		return ret;
	if (tmp != (unsigned long)tmp)
		return -ERANGE;
	*res = tmp;
	return 0;
}

/**
 * tfm_kstrtoll() - the kernel's kstrtoll()
 * @s:		NUL-terminated input; a leading '-' or '+' is allowed (not both)
 * @base:	as tfm_kstrtoull()
 * @res:	where the value goes; untouched on error
 *
 * Return: 0, -ERANGE when out of range of long long, else -EINVAL.
 */
int tfm_kstrtoll(const char *s, unsigned int base, long long *res)
{
	unsigned long long tmp;
	int ret;

	if (s[0] == '-') {
		ret = kstrtoull_nosign(s + 1, base, &tmp);
		if (ret)
			return ret;
		if ((long long)(0 - tmp) > 0)
			return -ERANGE;
		*res = (long long)(0 - tmp);
		return 0;
	}
	ret = tfm_kstrtoull(s, base, &tmp);
	if (ret)
		return ret;
	if ((long long)tmp < 0)
		return -ERANGE;
	*res = (long long)tmp;
	return 0;
}

/**
 * tfm_kstrtouint() - the kernel's kstrtouint()
 * @s:		NUL-terminated input
 * @base:	as tfm_kstrtoull()
 * @res:	where the value goes; untouched on error
 *
 * Return: 0, -ERANGE when the value exceeds UINT_MAX, else as tfm_kstrtoull().
 */
int tfm_kstrtouint(const char *s, unsigned int base, unsigned int *res)
{
	unsigned long long tmp;
	int ret = tfm_kstrtoull(s, base, &tmp);

	if (ret)
		return ret;
	if (tmp != (unsigned int)tmp)
		return -ERANGE;
	*res = (unsigned int)tmp;
	return 0;
}

/**
 * tfm_kstrtoint() - the kernel's kstrtoint()
 * @s:		NUL-terminated input
 * @base:	as tfm_kstrtoull()
 * @res:	where the value goes; untouched on error
 *
 * Return: 0, -ERANGE when out of range of int, else as tfm_kstrtoll().
 */
int tfm_kstrtoint(const char *s, unsigned int base, int *res)
{
	long long tmp;
	int ret = tfm_kstrtoll(s, base, &tmp);

	if (ret)
		return ret;
	if (tmp != (int)tmp)
		return -ERANGE;
	*res = (int)tmp;
	return 0;
}

/*
 * The kernel's kstrto*_from_user() copy at most "sign + one char per bit +
 * newline" bytes of the write and end the string there (or at an embedded
 * NUL); the rest of the write is ignored.
 */
static char *from_user_copy(const char *buf, size_t len, size_t type_size)
{
	size_t max = 1 + type_size * 8 + 1;

	return g_strndup(buf, MIN(len, max));
}

/**
 * tfm_kstrtoul_from_user() - the kernel's kstrtoul_from_user()
 * @buf:	the write() buffer (not NUL-terminated)
 * @len:	its length
 * @base:	as tfm_kstrtoull()
 * @res:	where the value goes; untouched on error
 *
 * Only the first 66 bytes count and an embedded NUL ends the input, as in
 * the kernel; tracing_on, buffer_size_kb, options/<flag>, ... use this.
 *
 * Return: as tfm_kstrtoul(); a zero-length write is -EINVAL.
 */
int tfm_kstrtoul_from_user(const char *buf, size_t len, unsigned int base,
			   unsigned long *res)
{
	g_autofree char *s = from_user_copy(buf, len, sizeof(unsigned long));

	return tfm_kstrtoul(s, base, res);
}

/**
 * tfm_kstrtouint_from_user() - the kernel's kstrtouint_from_user()
 * @buf:	the write() buffer (not NUL-terminated)
 * @len:	its length
 * @base:	as tfm_kstrtoull()
 * @res:	where the value goes; untouched on error
 *
 * Only the first 34 bytes count; an embedded NUL ends the input.
 *
 * Return: as tfm_kstrtouint().
 */
int tfm_kstrtouint_from_user(const char *buf, size_t len, unsigned int base,
			     unsigned int *res)
{
	g_autofree char *s = from_user_copy(buf, len, sizeof(unsigned int));

	return tfm_kstrtouint(s, base, res);
}

/**
 * tfm_kstrtoint_from_user() - the kernel's kstrtoint_from_user()
 * @buf:	the write() buffer (not NUL-terminated)
 * @len:	its length
 * @base:	as tfm_kstrtoull()
 * @res:	where the value goes; untouched on error
 *
 * Only the first 34 bytes count; an embedded NUL ends the input.
 *
 * Return: as tfm_kstrtoint().
 */
int tfm_kstrtoint_from_user(const char *buf, size_t len, unsigned int base,
			    int *res)
{
	g_autofree char *s = from_user_copy(buf, len, sizeof(int));

	return tfm_kstrtoint(s, base, res);
}

/**
 * tfm_parse_bool01() - parse a write to an `enable` file (or options/<flag>)
 * @buf:	the write() buffer
 * @len:	its length
 * @val:	receives the value; untouched on error
 *
 * kstrtoul_from_user(base 10) followed by "must be 0 or 1": "1", "01",
 * "+1", "1\n" are accepted; " 1", "1 \n", "1\n\n", "0x1", "-1", "2", "",
 * "\n" are not.
 *
 * Return: 0, -ERANGE for a number beyond 64 bits, else -EINVAL.
 */
int tfm_parse_bool01(const char *buf, size_t len, bool *val)
{
	unsigned long v;
	int ret = tfm_kstrtoul_from_user(buf, len, 10, &v);

	if (ret)
		return ret;
	if (v > 1)
		return -EINVAL;
	*val = v;
	return 0;
}

/**
 * tfm_strim_dup() - a write's text with surrounding white space removed
 * @buf:	the write() buffer
 * @len:	its length
 * @max:	how many bytes the kernel copies at most (current_tracer: 100;
 *		trace_clock and trace_options reject len >= 64 first, the
 *		caller checks that, then pass 63)
 *
 * Like copying the write into a NUL-terminated buffer and calling the
 * kernel's strim(): an embedded NUL ends the text, white space is the
 * kernel's (tfm_isspace()).
 *
 * Return: a newly allocated string (g_free()), possibly empty.
 */
char *tfm_strim_dup(const char *buf, size_t len, size_t max)
{
	g_autofree char *s = g_strndup(buf, MIN(len, max));
	size_t n = strlen(s);
	const char *p = s;

	while (n && tfm_isspace(s[n - 1]))
		n--;
	while (n && tfm_isspace(*p)) {
		p++;
		n--;
	}
	return g_strndup(p, n);
}

/*
 * The kernel's trace_get_user() with a fresh parser of @size bytes: skip
 * leading white space, then take the token up to white space, a NUL or the
 * end of the buffer.  The byte that ends a token is consumed with it.
 * Stores the token in @tok (NUL-terminated, "" if there is none).
 *
 * Return: bytes consumed (> 0), or -EINVAL if the token does not fit.
 */
static ssize_t get_token(const char *buf, size_t len, char *tok, size_t size)
{
	size_t i = 0, idx = 0, cnt = len;
	char ch;

	tok[0] = '\0';
	ch = buf[i++];
	cnt--;
	while (cnt && tfm_isspace(ch)) {
		ch = buf[i++];
		cnt--;
	}
	if (tfm_isspace(ch) || !ch)
		return i;

	while (cnt && !tfm_isspace(ch) && ch) {
		if (idx >= size - 1)
			return -EINVAL;
		tok[idx++] = ch;
		ch = buf[i++];
		cnt--;
	}
	if (!tfm_isspace(ch) && ch) {
		/* The buffer ended inside the token: its last byte. */
		if (idx >= size - 1)
			return -EINVAL;
		tok[idx++] = ch;
	}
	tok[idx] = '\0';
	return i;
}

/**
 * tfm_set_event_cmd_clear() - free what a set_event command holds
 * @cmd: the command, or NULL
 *
 * Leaves @cmd zeroed, ready for reuse.
 */
void tfm_set_event_cmd_clear(struct tfm_set_event_cmd *cmd)
{
	if (!cmd)
		return;
	g_free(cmd->token);
	g_free(cmd->match);
	g_free(cmd->system);
	g_free(cmd->event);
	g_free(cmd->module);
	memset(cmd, 0, sizeof(*cmd));
}

/* An empty field or "*" is a wildcard. */
static char *field_dup(const char *s)
{
	if (!*s || strcmp(s, "*") == 0)
		return NULL;
	return g_strdup(s);
}

/*
 * A name the kernel compares with strcmp() against event and system names
 * can only match if it could be such a name: never '/', ',', ':' or '*'.
 */
static bool field_can_match(const char *s)
{
	return s == NULL || !strpbrk(s, "/,:*");
}

/* Split @spec (the token without '!') as ftrace_set_clr_event() does. */
static int split_token(char *spec, struct tfm_set_event_cmd *cmd)
{
	char *mod = strstr(spec, ":mod:");
	char *colon;

	if (mod) {
		*mod = '\0';
		cmd->module = g_strdelimit(g_strdup(mod + 5), "-", '_');
	}
	colon = strchr(spec, ':');
	if (colon) {
		*colon = '\0';
		cmd->system = field_dup(spec);
		cmd->event = field_dup(colon + 1);
	} else if (mod) {
		cmd->match = field_dup(spec);
	} else {
		cmd->match = g_strdup(spec);
	}
	/*
	 * A module token that matches no event is cached for a later module
	 * load, whatever its names are, so only other tokens are checked.
	 */
	if (cmd->module)
		return 0;
	if (cmd->match && !*cmd->match)
		return -EINVAL;
	if (!field_can_match(cmd->match) || !field_can_match(cmd->system) ||
	    !field_can_match(cmd->event))
		return -EINVAL;
	return 0;
}

/**
 * tfm_set_event_next_token() - parse the first token of a set_event write
 * @buf:	the write() buffer
 * @len:	its length (> 0; the kernel returns 0 for an empty write
 *		before parsing anything, and so does this function)
 * @cmd:	receives the command (zeroed first); on success with
 *		@cmd->token == NULL the write held only white space (or
 *		started with a NUL after white space) and changes nothing
 *
 * The kernel takes one token per write(): leading white space is skipped,
 * the token ends at white space, a NUL or the end of the buffer, and the
 * byte that ends it is consumed too ("sched:sched_switch sched:sched_wakeup"
 * → 19).  Tokens longer than TFM_SET_EVENT_MAX_TOKEN fail.
 *
 * Token forms: "sys:ev", "sys:" / "sys:*", ":ev" / "*:ev", ":" / "*:*",
 * "name" (an event or a system of that name), each optionally prefixed by
 * '!' (disable), and "<any of these>:mod:<module>", where a bare "*" or ""
 * also means any.  Tokens that the kernel accepts syntactically but whose
 * names can never equal an event or system name (bare "*", "!",
 * "sched/sched_switch", "a,b", "sched:sched_*", "sys:ev:extra") give
 * -EINVAL here, which is what the kernel's failed lookup returns.  Tokens
 * that do parse may still match nothing; the caller then fails with
 * -EINVAL, except for ":mod:" tokens, which the kernel caches when the
 * module is not loaded (and, with '!', removes from that cache, -EINVAL if
 * none was removed).
 *
 * Return: bytes consumed (the write()'s result on success), 0 for len 0,
 * or -EINVAL; @cmd is cleared on error.
 */
ssize_t tfm_set_event_next_token(const char *buf, size_t len,
				 struct tfm_set_event_cmd *cmd)
{
	char tok[TFM_SET_EVENT_MAX_TOKEN + 1];
	ssize_t used;
	int ret;

	memset(cmd, 0, sizeof(*cmd));
	if (!len)
		return 0;
	used = get_token(buf, len, tok, sizeof(tok));
	if (used < 0 || !tok[0])
		return used;

	cmd->token = g_strdup(tok);
	cmd->negate = tok[0] == '!';
	ret = split_token(tok + cmd->negate, cmd);
	if (ret) {
		tfm_set_event_cmd_clear(cmd);
		return ret;
	}
	return used;
}

/**
 * tfm_set_event_matches() - does a set_event command name this event?
 * @cmd:	a command from tfm_set_event_next_token()
 * @system:	the event's system name
 * @event:	the event's name
 *
 * The kernel's rule: names are compared exactly; @cmd->match equals either
 * the event or the system name; NULL fields match anything.  The caller
 * must itself skip events the kernel never lets set_event name (ftrace-
 * internal ones) and, for a ":mod:" command, events that do not belong to
 * @cmd->module (events of the core kernel belong to no module).
 *
 * Return: true if the event is selected by @cmd.
 */
bool tfm_set_event_matches(const struct tfm_set_event_cmd *cmd,
			   const char *system, const char *event)
{
	if (!cmd->token)
		return false;
	if (cmd->match && strcmp(cmd->match, event) != 0 &&
	    strcmp(cmd->match, system) != 0)
		return false;
	if (cmd->system && strcmp(cmd->system, system) != 0)
		return false;
	if (cmd->event && strcmp(cmd->event, event) != 0)
		return false;
	return true;
}

/**
 * tfm_set_event_mod_line() - the set_event line of a cached module command
 * @cmd: a ":mod:" command (@cmd->module set)
 *
 * The kernel lists module commands that wait for their module after the
 * enabled events: "<match>:mod:<module>" for the bare-name form, else
 * "<system|*>:<event|*>:mod:<module>".
 *
 * Return: the line with its '\n' (g_free()), or NULL if @cmd has no module.
 */
char *tfm_set_event_mod_line(const struct tfm_set_event_cmd *cmd)
{
	if (!cmd->module)
		return NULL;
	if (cmd->match)
		return g_strdup_printf("%s:mod:%s\n", cmd->match, cmd->module);
	return g_strdup_printf("%s:%s:mod:%s\n", cmd->system ? cmd->system : "*",
			       cmd->event ? cmd->event : "*", cmd->module);
}

/* One pid token: kstrtoul(base 0), then the pid list's own limit. */
static int pid_from_token(const char *tok, unsigned int *pid)
{
	unsigned long val;

	if (tfm_kstrtoul(tok, 0, &val))
		return -EINVAL;
	/* The kernel narrows to pid_t and stores it as unsigned int. */
	*pid = (unsigned int)val;
	if (*pid >= TFM_PID_LIST_MAX)
		return -EPERM;
	return 0;
}

/**
 * tfm_parse_pid_list() - parse a write to set_event_pid / set_event_notrace_pid
 * @buf:	the write() buffer
 * @len:	its length
 * @pids:	a GArray of unsigned int; on success the written pids are
 *		appended in order (duplicates included), on error it is
 *		left unchanged
 *
 * The kernel's trace_pid_write(): the whole write is a list of white-space
 * separated numbers, each parsed by kstrtoul(base 0) ("0x10" and "010"
 * work, "!2", "abc", "-1", "+" do not); the write is all or nothing.  A
 * write always adds to the current list; only an O_TRUNC open clears it.
 * Parsing stops early at a NUL that follows white space (short write).
 *
 * Return: bytes consumed (the write()'s result), -EINVAL for a bad or
 * over-long token, or -EPERM for a pid the list cannot hold (>= 2^30 after
 * the kernel's truncation to 32 bits).
 */
ssize_t tfm_parse_pid_list(const char *buf, size_t len, GArray *pids)
{
	g_autoptr(GArray) got = g_array_new(FALSE, FALSE, sizeof(unsigned int));
	char tok[TFM_PID_MAX_TOKEN + 1];
	size_t done = 0;

	while (done < len) {
		ssize_t used = get_token(buf + done, len - done, tok, sizeof(tok));
		unsigned int pid;
		int ret;

		if (used < 0)
			return used;
		done += used;
		if (!tok[0])
			break;
		ret = pid_from_token(tok, &pid);
		if (ret)
			return ret;
		g_array_append_val(got, pid);
	}
	g_array_append_vals(pids, got->data, got->len);
	return done;
}
