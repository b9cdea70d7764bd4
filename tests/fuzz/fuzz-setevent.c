// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * fuzz-setevent - libFuzzer harness for the value parsers of setevent.h:
 * the set_event token parser (fed one write() after the other, as a shell
 * does when a write is short), the set_event_pid list parser, and the
 * kernel number parsers behind tracing_on, buffer_size_kb, enable, ...
 *
 * The whole input is one write() buffer for every parser.  The documented
 * guarantees are checked: byte counts never exceed the write, failed
 * parses leave their outputs as they were, and the number parsers agree
 * with each other on range.
 */
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>

#include "setevent.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const names[][2] = {
	{ "sched", "sched_switch" }, { "sched", "sched_wakeup" },
	{ "ftrace", "function" }, { "syscalls", "sys_enter_openat" },
	{ "raw_syscalls", "sys_enter" }, { "uprobes", "p_bash_0x4" },
};

static void check(bool ok)
{
	if (!ok)
		abort();
}

static void use_cmd(const struct tfm_set_event_cmd *cmd)
{
	if (!cmd->token) {
		check(!cmd->match && !cmd->system && !cmd->event &&
		      !cmd->module);
		return;
	}
	for (size_t i = 0; i < G_N_ELEMENTS(names); i++)
		tfm_set_event_matches(cmd, names[i][0], names[i][1]);
	if (cmd->module) {
		g_autofree char *line = tfm_set_event_mod_line(cmd);

		check(line != NULL);
	}
}

/* Write the buffer again and again, as write(2) callers retry the rest. */
static void set_event_writes(const char *buf, size_t len)
{
	while (len) {
		struct tfm_set_event_cmd cmd;
		ssize_t ret = tfm_set_event_next_token(buf, len, &cmd);

		if (ret < 0) {
			check(ret == -EINVAL);
			check(!cmd.token && !cmd.match && !cmd.system &&
			      !cmd.event && !cmd.module);
			return;
		}
		check(ret > 0 && (size_t)ret <= len);
		use_cmd(&cmd);
		tfm_set_event_cmd_clear(&cmd);
		buf += ret;
		len -= (size_t)ret;
	}
}

static void pid_writes(const char *buf, size_t len)
{
	g_autoptr(GArray) pids = g_array_new(FALSE, FALSE, sizeof(unsigned int));
	unsigned int seed = 42;
	ssize_t ret;

	g_array_append_val(pids, seed);
	ret = tfm_parse_pid_list(buf, len, pids);
	if (ret < 0) {
		check(ret == -EINVAL || ret == -EPERM);
		check(pids->len == 1);
		return;
	}
	check((size_t)ret <= len);
	for (guint i = 1; i < pids->len; i++)
		check(g_array_index(pids, unsigned int, i) < TFM_PID_LIST_MAX);
}

static void number_parsers(const char *buf, size_t len)
{
	g_autofree char *s = g_strndup(buf, len);
	static const unsigned int bases[] = { 0, 8, 10, 16 };
	unsigned long ul;
	unsigned int ui;
	int si;
	bool b;

	for (size_t i = 0; i < G_N_ELEMENTS(bases); i++) {
		unsigned long long ull;
		long long sll;
		int r64 = tfm_kstrtoull(s, bases[i], &ull);
		int r32 = tfm_kstrtouint(s, bases[i], &ui);
		int rs = tfm_kstrtoll(s, bases[i], &sll);

		if (!r64)
			check(r32 == (ull > UINT_MAX ? -ERANGE : 0));
		if (!r64 && s[0] != '-')
			check(rs == (ull > LLONG_MAX ? -ERANGE : 0));
		tfm_kstrtoul(s, bases[i], &ul);
		tfm_kstrtoint(s, bases[i], &si);
	}
	tfm_kstrtoul_from_user(buf, len, 10, &ul);
	tfm_kstrtouint_from_user(buf, len, 0, &ui);
	tfm_kstrtoint_from_user(buf, len, 0, &si);
	tfm_parse_bool01(buf, len, &b);
	g_free(tfm_strim_dup(buf, len, 63));
	g_free(tfm_strim_dup(buf, len, 100));
}

/**
 * LLVMFuzzerTestOneInput - one write() buffer through every parser.
 * Return: 0 (libFuzzer's convention).
 */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *buf = (const char *)data;

	set_event_writes(buf, size);
	pid_writes(buf, size);
	number_parsers(buf, size);
	return 0;
}
