/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * filter-match.c - filter values (numbers, CPU lists, string patterns) and
 * the evaluation of a parsed filter over a record, as Linux 6.18 does it.
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "filter-priv.h"

/* ---- numbers ---- */

static int k_hexval(unsigned char c)
{
	unsigned char lc = c | 0x20;

	if (k_isdigit(c))
		return c - '0';
	if (lc >= 'a' && lc <= 'f')
		return lc - 'a' + 10;
	return 99;
}

/* kstrtoull(s, 0, res): 0, -EINVAL or -ERANGE. */
/**
 * tfm_filter_strtoull - the kernel's kstrtoull(s, 0, res).
 * @s:		the digits (0x.. hex, 0.. octal, else decimal)
 * @res:	the value
 * @plus_ok:	whether a leading '+' is skipped (kstrtoull does, the
 *		kstrtoll path for negative numbers does not)
 *
 * Return: 0, -EINVAL (not a number) or -ERANGE (overflow).
 */
int tfm_filter_strtoull(const char *s, uint64_t *res, bool plus_ok)
{
	unsigned int base = 10;
	uint64_t v = 0;
	bool overflow = false;
	const char *p;

	if (plus_ok && *s == '+')
		s++;
	if (s[0] == '0') {
		base = 8;
		if ((s[1] | 0x20) == 'x' && k_hexval(s[2]) < 16) {
			base = 16;
			s += 2;
		}
	}
	for (p = s; k_hexval(*p) < (int)base; p++) {
		unsigned int d = k_hexval(*p);

		if (v > (UINT64_MAX - d) / base)
			overflow = true;
		v = v * base + d;
	}
	if (overflow)
		return -ERANGE;
	if (p == s)
		return -EINVAL;
	if (*p == '\n')
		p++;
	if (*p)
		return -EINVAL;
	*res = v;
	return 0;
}

/* kstrtoll(s, 0, res), result stored as its two's complement. */
/**
 * tfm_filter_strtoll - the kernel's kstrtoll(s, 0, res).
 * @s:		the digits, optionally after '-'
 * @res:	the value as two's complement
 *
 * Return: 0, -EINVAL or -ERANGE (outside the range of long long).
 */
int tfm_filter_strtoll(const char *s, uint64_t *res)
{
	uint64_t v;
	int ret;

	if (*s == '-') {
		ret = tfm_filter_strtoull(s + 1, &v, false);
		if (ret)
			return ret;
		if ((int64_t)(0 - v) > 0)
			return -ERANGE;
		*res = 0 - v;
		return 0;
	}
	ret = tfm_filter_strtoull(s, &v, true);
	if (ret)
		return ret;
	if ((int64_t)v < 0)
		return -ERANGE;
	*res = v;
	return 0;
}

/* The kernel's strnstr(): looks at @len bytes of @s, NULs included. */
static bool k_strnstr(const char *s, const char *pat, int len)
{
	int l2 = strlen(pat);

	if (!l2)
		return true;
	for (; len >= l2; len--, s++) {
		if (!memcmp(s, pat, l2))
			return true;
	}
	return false;
}

/* lib/glob.c semantics: * ? [a-z] [!x] and \ escapes. */
static bool glob_match(const char *pat, const char *str)
{
	const char *back_pat = NULL, *back_str = NULL;

	for (;;) {
		unsigned char c = *str++;
		unsigned char d = *pat++;

		if (d == '?') {
			if (!c)
				return false;
			continue;
		}
		if (d == '*') {
			if (!*pat)
				return true;
			back_pat = pat;
			back_str = --str;
			continue;
		}
		if (d == '[') {
			bool hit = false, inv = *pat == '!';
			const char *cl = pat + inv;
			unsigned char a = *cl++;

			if (!c)		/* a class never matches the end, not even [!x] */
				return false;

			do {
				unsigned char b = a;

				if (!a)
					goto literal;
				if (cl[0] == '-' && cl[1] != ']') {
					b = cl[1];
					if (!b)
						goto literal;
					cl += 2;
				}
				hit |= a <= c && c <= b;
			} while ((a = *cl++) != ']');
			if (hit == inv)
				goto backtrack;
			pat = cl;
			continue;
		}
		if (d == '\\')
			d = *pat++;
literal:
		if (c == d) {
			if (!d)
				return true;
			continue;
		}
backtrack:
		if (!c || !back_pat)
			return false;
		pat = back_pat;
		str = ++back_str;
	}
}

/* @len as the kernel passes it: field bytes, or 0 for NUL-terminated. */
static bool regex_match(const struct pred *pr, const char *str, int len)
{
	switch (pr->mt) {
	case M_FULL:
		if (!len)
			return !strcmp(str, pr->pattern);
		return !strncmp(str, pr->pattern, len);
	case M_FRONT:
		if (len && len < pr->plen)
			return false;
		return !strncmp(str, pr->pattern, pr->plen);
	case M_MIDDLE:
		if (!len)
			return strstr(str, pr->pattern) != NULL;
		return k_strnstr(str, pr->pattern, len);
	case M_END:
		/* Like the kernel: the last bytes of the field, not the string */
		return len - 1 >= pr->plen &&
		       !memcmp(str + len - 1 - pr->plen, pr->pattern, pr->plen);
	case M_GLOB:
		return glob_match(pr->pattern, str);
	}
	return false;
}

/**
 * tfm_filter_build_glob - filter_parse_regex() + filter_build_regex() for
 * the '~' operator.
 * @pr: a predicate whose pattern holds the quoted text
 *
 * A leading '!' negates; "*x", "x*", "*x*" become end, front and middle
 * matches; other uses of * ? [ \ make a full glob; a pattern starting
 * with a digit is matched in full, as the kernel does.
 */
void tfm_filter_build_glob(struct pred *pr)
{
	char *buf = pr->pattern;
	int len = pr->plen;
	int skip = 0;

	pr->not = buf[0] == '!';
	if (pr->not) {
		buf++;
		len--;
	}
	pr->mt = M_FULL;
	if (k_isdigit(buf[0]))
		goto done;	/* the kernel's MATCH_INDEX, matched in full */
	for (int i = 0; i < len; i++) {
		if (buf[i] == '*') {
			if (!i) {
				pr->mt = M_END;
			} else if (i == len - 1) {
				pr->mt = pr->mt == M_END ? M_MIDDLE : M_FRONT;
				buf[i] = '\0';
				break;
			} else {
				pr->mt = M_GLOB;
				goto done;
			}
		} else if (strchr("[?\\", buf[i])) {
			pr->mt = M_GLOB;
			goto done;
		}
	}
	if (buf[0] == '*')
		skip = 1;
done:
	pr->plen = strlen(buf + skip);
	memmove(pr->pattern, buf + skip, pr->plen + 1);
}

/* ---- CPUS{...}: bitmap_parselist() over TFM_FILTER_NR_CPUS bits ---- */

static const char *cl_num(const char *s, unsigned int *num)
{
	uint64_t v = 0;
	const char *p = s;

	if (*s == 'N') {
		*num = TFM_FILTER_NR_CPUS - 1;
		return s + 1;
	}
	for (; k_isdigit(*p); p++) {
		v = v * 10 + (*p - '0');
		if (v > UINT32_MAX)
			return NULL;
	}
	*num = v;
	return p == s ? NULL : p;
}

static bool cl_region_end(char c)
{
	return k_isspace(c) || c == ',' || c == '\0';
}

/**
 * tfm_filter_cpulist_parse - the kernel's cpulist_parse() (bitmap_parselist)
 * over TFM_FILTER_NR_CPUS bits: "0-3,5", "0-7:2/4", "N" for the last CPU.
 * @s:		the list
 * @mask:	the CPUs
 *
 * Return: 0, -EINVAL (malformed) or -ERANGE (a CPU beyond the mask).
 */
int tfm_filter_cpulist_parse(const char *s, uint64_t *mask)
{
	unsigned int a, b, off, grp;

	*mask = 0;
	for (;;) {
		while (*s && *s != '\n' && (k_isspace(*s) || *s == ','))
			s++;
		if (!*s || *s == '\n')
			return 0;
		s = cl_num(s, &a);
		if (!s)
			return -EINVAL;
		b = a;
		if (!cl_region_end(*s)) {
			if (*s != '-' || !(s = cl_num(s + 1, &b)))
				return -EINVAL;
		}
		off = grp = b + 1;
		if (!cl_region_end(*s)) {
			if (*s != ':' || !(s = cl_num(s + 1, &off)) ||
			    *s != '/' || !(s = cl_num(s + 1, &grp)))
				return -EINVAL;
		}
		if (a > b || !grp || off > grp)
			return -EINVAL;
		if (b >= TFM_FILTER_NR_CPUS)
			return -ERANGE;
		for (unsigned int c = a; c <= b; c += grp)
			for (unsigned int k = 0; k < off && c + k <= b; k++)
				*mask |= 1ULL << (c + k);
	}
}

/* ---- evaluation ---- */

static uint64_t load_le(const unsigned char *p, unsigned int size)
{
	uint64_t v = 0;

	for (unsigned int k = size; k--; )
		v = v << 8 | p[k];
	return v;
}

static int64_t sign_extend(uint64_t v, unsigned int size)
{
	unsigned int shift = 64 - 8 * size;

	return (int64_t)(v << shift) >> shift;
}

static bool eval_cmp(const struct pred *pr, uint64_t a)
{
	uint64_t b = pr->val;

	if (pr->size < 8)
		b &= (1ULL << (8 * pr->size)) - 1;
	if (pr->op == OP_BAND)
		return a & b;
	if (pr->is_signed) {
		int64_t sa = sign_extend(a, pr->size), sb = sign_extend(b, pr->size);

		return pr->op == OP_LT ? sa < sb : pr->op == OP_LE ? sa <= sb :
		       pr->op == OP_GT ? sa > sb : sa >= sb;
	}
	return pr->op == OP_LT ? a < b : pr->op == OP_LE ? a <= b :
	       pr->op == OP_GT ? a > b : a >= b;
}

static bool eval_cpu(int op, int cpu, int cmp)
{
	switch (op) {
	case OP_EQ: return cpu == cmp;
	case OP_NE: return cpu != cmp;
	case OP_LT: return cpu < cmp;
	case OP_LE: return cpu <= cmp;
	case OP_GT: return cpu > cmp;
	case OP_GE: return cpu >= cmp;
	}
	return false;
}

/* A user mask of two or more CPUs against one CPU. */
static bool eval_scalar_mask(int op, uint64_t cpu, uint64_t mask)
{
	if (cpu >= TFM_FILTER_NR_CPUS)
		return false;
	return op == OP_NE || (op == OP_BAND && (mask >> cpu & 1));
}

/* A cpumask field, read from its __data_loc. */
static bool eval_mask_field(const struct pred *pr, const unsigned char *rec,
			    size_t len)
{
	uint32_t item = load_le(rec + pr->offset, 4);
	size_t loc = item & 0xffff, n = MIN((size_t)8, (size_t)(item >> 16));
	uint64_t m, bit = 1ULL << pr->val;

	if (loc > len)
		return false;
	m = load_le(rec + loc, MIN(n, len - loc));
	if (pr->fn == PF_CPUMASK)
		return pr->op == OP_EQ ? m == pr->mask :
		       pr->op == OP_NE ? m != pr->mask : (m & pr->mask) != 0;
	/* PF_CPUMASK_CPU: the user named one CPU */
	return pr->op == OP_EQ ? m == bit : pr->op == OP_NE ? m != bit :
	       (m & bit) != 0;
}

/* String predicates see a NUL-terminated copy of the field's bytes. */
static bool eval_string(const struct pred *pr, const unsigned char *rec,
			size_t len, const struct tfm_filter_ctx *ctx)
{
	g_autofree char *buf = NULL;
	const char *comm;
	size_t loc, n;
	uint32_t item;

	switch (pr->fn) {
	case PF_COMM:
		comm = ctx && ctx->comm ? ctx->comm : "";
		n = 16;			/* TASK_COMM_LEN, NUL padded */
		buf = g_malloc0(n + 1);
		memcpy(buf, comm, MIN(strlen(comm), n - 1));
		return regex_match(pr, buf, n) ^ pr->not;
	case PF_STRING:
		loc = pr->offset;
		n = pr->field_len;
		break;
	case PF_STRLOC:
	case PF_STRRELLOC:
		if ((size_t)pr->offset + 4 > len)
			return false;
		item = load_le(rec + pr->offset, 4);
		loc = item & 0xffff;
		if (pr->fn == PF_STRRELLOC)
			loc += pr->offset + 4;
		n = item >> 16;
		break;
	default:
		return false;	/* a pointer into kernel memory: unreadable */
	}
	if (loc > len)
		return false;
	n = MIN(n, len - loc);
	buf = g_malloc0(n + 1);
	memcpy(buf, rec + loc, n);
	return regex_match(pr, buf, n) ^ pr->not;
}

static bool eval_number(const struct pred *pr, const unsigned char *rec,
			size_t len)
{
	uint64_t v, want = pr->val;

	if ((size_t)pr->offset + pr->size > len)
		return false;
	v = load_le(rec + pr->offset, pr->size);
	if (pr->size < 8)
		want &= (1ULL << (8 * pr->size)) - 1;
	switch (pr->fn) {
	case PF_EQ:
		return (v == want) ^ pr->not;
	case PF_CMP:
		return eval_cmp(pr, v);
	default:
		return eval_scalar_mask(pr->op, (uint32_t)v, pr->mask);
	}
}

static bool eval_pred(const struct pred *pr, const unsigned char *rec,
		      size_t len, const struct tfm_filter_ctx *ctx)
{
	int cpu = ctx ? ctx->cpu : 0;

	switch (pr->fn) {
	case PF_NOP:
		return false;
	case PF_EQ:
	case PF_CMP:
	case PF_SCALAR_MASK:
		return eval_number(pr, rec, len);
	case PF_CPU:
		return eval_cpu(pr->op, cpu, (int)pr->val);
	case PF_CPU_MASK:
		return eval_scalar_mask(pr->op, (unsigned int)cpu, pr->mask);
	case PF_CPUMASK:
	case PF_CPUMASK_CPU:
		if ((size_t)pr->offset + 4 > len)
			return false;
		return eval_mask_field(pr, rec, len);
	default:
		return eval_string(pr, rec, len, ctx);
	}
}

/**
 * tfm_filter_match - run a filter over one record.
 * @f:		the filter; NULL matches everything
 * @rec:	the record, laid out (little-endian) as the format says
 * @len:	its size; predicates reading past it are false
 * @ctx:	CPU and comm for the generic fields; NULL: CPU 0, comm ""
 *
 * Return: true if the kernel would keep the event.
 */
bool tfm_filter_match(const struct tfm_filter *f, const void *rec,
		      size_t len, const struct tfm_filter_ctx *ctx)
{
	const struct prog_entry *prog;
	int i;

	if (!f)
		return true;
	prog = f->prog;
	for (i = 0; prog[i].pred; i++) {
		if (eval_pred(prog[i].pred, rec, len, ctx) == prog[i].when)
			i = prog[i].target;
	}
	return prog[i].target;
}

