/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * filter-priv.h - what filter.c (parsing), filter-match.c (values and
 * evaluation) and filter-text.c (error texts) share.  Not installed.
 */
#ifndef TFM_FILTER_PRIV_H
#define TFM_FILTER_PRIV_H

#include <stdbool.h>
#include <stdint.h>

#include "filter.h"

enum op_id { OP_GLOB, OP_NE, OP_EQ, OP_LE, OP_LT, OP_GE, OP_GT, OP_BAND };

enum pred_fn {
	PF_NOP, PF_EQ, PF_CMP, PF_SCALAR_MASK, PF_COMM, PF_STRING, PF_STRLOC,
	PF_STRRELLOC, PF_PCHAR, PF_CPU, PF_CPU_MASK, PF_CPUMASK, PF_CPUMASK_CPU,
};

enum match_type { M_FULL, M_FRONT, M_MIDDLE, M_END, M_GLOB };

struct pred {
	enum pred_fn fn;
	int op;
	bool not;
	unsigned int offset;
	unsigned int size;
	bool is_signed;
	uint64_t val;
	uint64_t mask;
	enum match_type mt;
	int field_len;
	int plen;
	char *pattern;
};

struct prog_entry {
	int target;
	int when;
	struct pred *pred;
};

struct tfm_filter {
	char *string;
	struct prog_entry *prog;
};

/* The kernel's ctype (ISO 8859-1: 0xa0 is a space, 0xc0.. are letters). */
static inline bool k_isspace(unsigned char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r') || c == 0xa0;
}

static inline bool k_isdigit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

static inline bool k_isalnum(unsigned char c)
{
	if (k_isdigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
		return true;
	return c >= 0xc0 && c != 0xd7 && c != 0xf7;
}

int tfm_filter_strtoull(const char *s, uint64_t *res, bool plus_ok);
int tfm_filter_strtoll(const char *s, uint64_t *res);
int tfm_filter_cpulist_parse(const char *s, uint64_t *mask);
void tfm_filter_build_glob(struct pred *pr);

#endif /* TFM_FILTER_PRIV_H */
