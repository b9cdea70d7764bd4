/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * filter.h - the trace event filter language (events/<sys>/<ev>/filter,
 * events/<sys>/filter and the "if <filter>" part of triggers), modelled on
 * Linux 6.18 kernel/trace/trace_events_filter.c.
 *
 * Parsing follows the kernel's two passes (a bracket/quote count, then the
 * predicate program builder), so that accepted expressions, error messages,
 * error positions and errnos are the kernel's.  A parsed filter can be
 * evaluated against a binary record laid out as the event's format says.
 *
 * Private to tracefs-model; not installed.
 */
#ifndef TFM_FILTER_H
#define TFM_FILTER_H

#include <stdbool.h>
#include <stddef.h>
#include <glib.h>

#include "field.h"

/* Longest string operand, as the kernel's MAX_FILTER_STR_VAL (exclusive). */
#define TFM_FILTER_MAX_STR	256
/* CPUs a CPUS{...} list may name in this model (the kernel: nr_cpumask_bits). */
#define TFM_FILTER_NR_CPUS	64
/* The error_log location of a filter error. */
#define TFM_FILTER_ERROR_LOC	"event filter parse error"

/* The kernel's filter error codes, in its order (err_text[]). */
enum tfm_filter_errcode {
	TFM_FILTER_ERR_NONE,
	TFM_FILTER_ERR_INVALID_OP,
	TFM_FILTER_ERR_TOO_MANY_OPEN,
	TFM_FILTER_ERR_TOO_MANY_CLOSE,
	TFM_FILTER_ERR_MISSING_QUOTE,
	TFM_FILTER_ERR_MISSING_BRACE_OPEN,
	TFM_FILTER_ERR_MISSING_BRACE_CLOSE,
	TFM_FILTER_ERR_OPERAND_TOO_LONG,
	TFM_FILTER_ERR_EXPECT_STRING,
	TFM_FILTER_ERR_EXPECT_DIGIT,
	TFM_FILTER_ERR_ILLEGAL_FIELD_OP,
	TFM_FILTER_ERR_FIELD_NOT_FOUND,
	TFM_FILTER_ERR_ILLEGAL_INTVAL,
	TFM_FILTER_ERR_BAD_SUBSYS_FILTER,
	TFM_FILTER_ERR_TOO_MANY_PREDS,
	TFM_FILTER_ERR_INVALID_FILTER,
	TFM_FILTER_ERR_INVALID_CPULIST,
	TFM_FILTER_ERR_IP_FIELD_ONLY,
	TFM_FILTER_ERR_INVALID_VALUE,
	TFM_FILTER_ERR_NO_FUNCTION,
	TFM_FILTER_ERR_ERRNO,
	TFM_FILTER_ERR_NO_FILTER,
};

/*
 * struct tfm_filter_error - why a parse failed.
 * @code:	the kernel's error code; TFM_FILTER_ERR_NONE when the kernel
 *		fails without recording one (it then shows "Error: (0)")
 * @pos:	the kernel's error position ("lasterr_pos")
 */
struct tfm_filter_error {
	enum tfm_filter_errcode code;
	int pos;
};

/*
 * struct tfm_filter_ctx - what a record does not hold but a filter may test.
 * @cpu:	the CPU the event fired on (CPU, cpu, common_cpu)
 * @comm:	the current task's name (COMM, comm); NULL reads as ""
 */
struct tfm_filter_ctx {
	int cpu;
	const char *comm;
};

struct tfm_filter;

int tfm_filter_parse(const char *expr, size_t len,
		     const struct tfm_field_set *fields,
		     struct tfm_filter **out, struct tfm_filter_error *err);
void tfm_filter_free(struct tfm_filter *f);
const char *tfm_filter_string(const struct tfm_filter *f);
bool tfm_filter_match(const struct tfm_filter *f, const void *rec,
		      size_t len, const struct tfm_filter_ctx *ctx);

char *tfm_filter_write_text(const char *buf, size_t len);
bool tfm_filter_text_is_clear(const char *text);

const char *tfm_filter_error_msg(enum tfm_filter_errcode code);
void tfm_filter_subsys_error(struct tfm_filter_error *err);
void tfm_filter_error_file_text(GString *out, const char *expr,
				const struct tfm_filter_error *err);
const char *tfm_filter_error_log_msg(const struct tfm_filter_error *err);
unsigned int tfm_filter_error_log_pos(const struct tfm_filter_error *err);
void tfm_filter_error_log_text(GString *out, const char *expr,
			       const struct tfm_filter_error *err);

#endif /* TFM_FILTER_H */
