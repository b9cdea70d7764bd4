/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * dynevent-util.c - the kernel's kstrto*() number rules and the error_log
 * recorder shared by the uprobe definition parser.
 */
#include "dynevent-priv.h"

#include <errno.h>
#include <limits.h>
#include <string.h>

#include <glib.h>

/* ---- kstrto*() ---- */

static unsigned int parse_integer(const char *s, unsigned int base,
				  unsigned long long *res, bool *overflow)
{
	unsigned long long r = 0;
	unsigned int n = 0;

	for (;; s++, n++) {
		unsigned int c = (unsigned char)*s, lc = c | 0x20, val;

		if (c >= '0' && c <= '9')
			val = c - '0';
		else if (lc >= 'a' && lc <= 'f')
			val = lc - 'a' + 10;
		else
			break;
		if (val >= base)
			break;
		if ((r & (~0ULL << 60)) && r > (ULLONG_MAX - val) / base)
			*overflow = true;
		r = r * base + val;
	}
	*res = r;
	return n;
}

static const char *fixup_radix(const char *s, unsigned int *base)
{
	if (*base == 0) {
		if (s[0] == '0') {
			if ((s[1] | 0x20) == 'x' && g_ascii_isxdigit(s[2])) {
				*base = 16;
				return s + 2;
			}
			*base = 8;
		} else {
			*base = 10;
		}
	}
	return s;
}

static int raw_kstrtoull(const char *s, unsigned int base,
			 unsigned long long *res)
{
	bool overflow = false;
	unsigned int n;

	s = fixup_radix(s, &base);
	n = parse_integer(s, base, res, &overflow);
	if (overflow)
		return -ERANGE;
	if (n == 0)
		return -EINVAL;
	s += n;
	if (*s == '\n')
		s++;
	return *s ? -EINVAL : 0;
}

int tfm_dynevent_kstrtoul(const char *s, unsigned int base, unsigned long *res)
{
	unsigned long long v;
	int ret = raw_kstrtoull(s[0] == '+' ? s + 1 : s, base, &v);

	if (!ret)
		*res = v;
	return ret;
}

int tfm_dynevent_kstrtol(const char *s, unsigned int base, long *res)
{
	unsigned long long v;
	int ret;

	if (s[0] == '-') {
		ret = raw_kstrtoull(s + 1, base, &v);
		if (ret)
			return ret;
		if ((long long)-v > 0)
			return -ERANGE;
		*res = (long)-v;
		return 0;
	}
	ret = raw_kstrtoull(s[0] == '+' ? s + 1 : s, base, &v);
	if (ret)
		return ret;
	if ((long long)v < 0)
		return -ERANGE;
	*res = (long)v;
	return 0;
}

unsigned long tfm_dynevent_simple_strtoul(const char *s, char **end)
{
	unsigned long long v;
	unsigned int base = 0;
	bool overflow = false;

	s = fixup_radix(s, &base);
	s += parse_integer(s, base, &v, &overflow);
	*end = (char *)s;
	return v;
}

/* ---- error_log ---- */

void tfm_dynevent_log_err(struct plog *l, int offset, const char *msg)
{
	struct tfm_dynevent_err *e;
	int len = 0, pos = 0;

	if (!l->err || *l->err)
		return;
	for (int i = 0; i < l->argc; i++) {
		if (i == l->index)
			pos = len;
		len += strlen(l->argv[i]) + 1;
	}
	if (l->index >= l->argc) {
		pos = len;
		offset = 0;
	}
	e = g_new0(struct tfm_dynevent_err, 1);
	e->msg = msg;
	e->cmd = g_strjoinv(" ", l->argv);
	e->pos = pos + offset;
	*l->err = e;
}
