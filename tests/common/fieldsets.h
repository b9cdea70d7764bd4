/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * fieldsets.h - event field sets the tracefs-model unit tests and the
 * fuzz harnesses compile filters against.  Header only, so that each test
 * stays one executable built from its own .c file.  Needs field.h (from
 * lib/tracefs-model) and glib.h included first.
 */
#ifndef FIELDSETS_H
#define FIELDSETS_H

/* sched_switch, as data/linux-6.18/sample-event-sched_switch/format lists it */
static const struct tfm_field tt_sched_switch_fields[] = {
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

static const struct tfm_field_set tt_sched_switch = {
	tt_sched_switch_fields, G_N_ELEMENTS(tt_sched_switch_fields)
};

/*
 * One field of every kind the filter evaluator reads: integers of each
 * size and sign, a too-wide array, __data_loc string and cpumask, string
 * pointer, static string; common_* as every event has them.
 */
static const struct tfm_field tt_mixed_fields[] = {
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

static const struct tfm_field_set tt_mixed = {
	tt_mixed_fields, G_N_ELEMENTS(tt_mixed_fields)
};

#endif /* FIELDSETS_H */
