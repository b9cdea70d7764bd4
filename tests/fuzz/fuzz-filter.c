// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * fuzz-filter - libFuzzer harness for the event filter language
 * (tfm_filter_parse(), tfm_filter_match() and the error texts).
 *
 * Input: one selector byte, then the bytes of a `filter` file write up to
 * the first NUL, then (after that NUL) a binary record of exactly the
 * remaining length.  The selector picks the field set (sched_switch, as
 * the 6.18 format lists it, or a set with one field of every kind the
 * evaluator reads) and the CPU/comm context.
 *
 * The write goes through the same steps as the model's filter file: the
 * kept text, the "0" test, the parse, then either the error texts or the
 * filter's string and an evaluation over the record.  A filter's string
 * must parse again and give the same verdict.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>

#include "filter.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct tfm_field sched_switch_fields[] = {
	{ "unsigned short", "common_type", 0, 2, false, TFM_FIELD_NUMERIC },
	{ "unsigned char", "common_flags", 2, 1, false, TFM_FIELD_NUMERIC },
	{ "unsigned char", "common_preempt_count", 3, 1, false, TFM_FIELD_NUMERIC },
	{ "int", "common_pid", 4, 4, true, TFM_FIELD_NUMERIC },
	{ "char[16]", "prev_comm", 8, 16, false, TFM_FIELD_STRING },
	{ "pid_t", "prev_pid", 24, 4, true, TFM_FIELD_NUMERIC },
	{ "int", "prev_prio", 28, 4, true, TFM_FIELD_NUMERIC },
	{ "long", "prev_state", 32, 8, true, TFM_FIELD_NUMERIC },
	{ "char[16]", "next_comm", 40, 16, false, TFM_FIELD_STRING },
	{ "pid_t", "next_pid", 56, 4, true, TFM_FIELD_NUMERIC },
	{ "int", "next_prio", 60, 4, true, TFM_FIELD_NUMERIC },
};

static const struct tfm_field mixed_fields[] = {
	{ "unsigned short", "common_type", 0, 2, false, TFM_FIELD_NUMERIC },
	{ "unsigned char", "common_flags", 2, 1, false, TFM_FIELD_NUMERIC },
	{ "unsigned char", "common_preempt_count", 3, 1, false, TFM_FIELD_NUMERIC },
	{ "int", "common_pid", 4, 4, true, TFM_FIELD_NUMERIC },
	{ "u8", "u8", 8, 1, false, TFM_FIELD_NUMERIC },
	{ "s8", "s8", 9, 1, true, TFM_FIELD_NUMERIC },
	{ "u16", "u16", 10, 2, false, TFM_FIELD_NUMERIC },
	{ "s16", "s16", 12, 2, true, TFM_FIELD_NUMERIC },
	{ "u32", "u32", 16, 4, false, TFM_FIELD_NUMERIC },
	{ "s32", "s32", 20, 4, true, TFM_FIELD_NUMERIC },
	{ "u64", "u64", 24, 8, false, TFM_FIELD_NUMERIC },
	{ "s64", "s64", 32, 8, true, TFM_FIELD_NUMERIC },
	{ "__data_loc char[]", "name", 40, 4, false, TFM_FIELD_STRING },
	{ "__data_loc cpumask_t", "mask", 44, 4, false, TFM_FIELD_NUMERIC },
	{ "unsigned long[6]", "args", 48, 48, false, TFM_FIELD_NUMERIC },
	{ "const char *", "ptr", 96, 8, false, TFM_FIELD_STRING },
	{ "unsigned long", "ip", 104, 8, false, TFM_FIELD_NUMERIC },
	{ "char[]", "buf", 112, 0, false, TFM_FIELD_STRING },
};

static const struct tfm_field_set field_sets[] = {
	{ sched_switch_fields, G_N_ELEMENTS(sched_switch_fields) },
	{ mixed_fields, G_N_ELEMENTS(mixed_fields) },
};

static void check(bool ok)
{
	if (!ok)
		abort();
}

static void error_texts(const char *text, const struct tfm_filter_error *err)
{
	g_autoptr(GString) s = g_string_new(NULL);
	struct tfm_filter_error sub;

	check(tfm_filter_error_msg(err->code) != NULL);
	check(tfm_filter_error_log_msg(err) != NULL);
	tfm_filter_error_file_text(s, text, err);
	tfm_filter_error_log_text(s, text, err);
	tfm_filter_subsys_error(&sub);
	tfm_filter_error_file_text(s, text, &sub);
}

static void evaluate(const struct tfm_filter *f, const struct tfm_field_set *set,
		     const uint8_t *rec, size_t len,
		     const struct tfm_filter_ctx *ctx)
{
	const char *shown = tfm_filter_string(f);
	struct tfm_filter_error err = { 0 };
	struct tfm_filter *again = NULL;
	bool hit;

	check(shown != NULL);
	hit = tfm_filter_match(f, rec, len, ctx);
	tfm_filter_match(f, rec, len, NULL);
	tfm_filter_match(f, NULL, 0, ctx);
	check(tfm_filter_parse(shown, strlen(shown), set, &again, &err) == 0);
	check(tfm_filter_match(again, rec, len, ctx) == hit);
	tfm_filter_free(again);
}

/**
 * LLVMFuzzerTestOneInput - one filter write, then one evaluation.
 * Return: 0 (libFuzzer's convention).
 */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct tfm_field_set *set;
	struct tfm_filter_ctx ctx;
	struct tfm_filter_error err = { 0 };
	struct tfm_filter *f = NULL;
	g_autofree char *text = NULL;
	g_autofree uint8_t *rec = NULL;
	const uint8_t *nul;
	size_t wlen, rlen;
	int ret;

	if (size < 1)
		return 0;
	set = &field_sets[data[0] & 1];
	ctx.cpu = (data[0] >> 1) & 7;
	ctx.comm = data[0] & 0x10 ? "bash" : NULL;
	data++;
	size--;
	nul = memchr(data, '\0', size);
	wlen = nul ? (size_t)(nul - data) : size;
	rlen = nul ? size - wlen - 1 : 0;
	/* the record in a buffer of its exact size, so overreads show */
	rec = rlen ? g_memdup2(nul + 1, rlen) : NULL;

	text = tfm_filter_write_text((const char *)data, wlen);
	if (tfm_filter_text_is_clear(text))
		return 0;
	ret = tfm_filter_parse(text, strlen(text), set, &f, &err);
	if (ret) {
		check(ret < 0 && f == NULL);
		error_texts(text, &err);
		return 0;
	}
	check(f != NULL);
	evaluate(f, set, rec, rlen, &ctx);
	tfm_filter_free(f);
	return 0;
}
