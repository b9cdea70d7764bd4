/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * dynevent-test.h - helpers shared by the uprobe parser tests
 * (test-dynevent.c, test-dynevent-show.c): parsing against the fake file
 * system of tests/common/dynevent-fakefs.h.  Header only; include it
 * after cmocka.h.
 */
#ifndef DYNEVENT_TEST_H
#define DYNEVENT_TEST_H

#include <errno.h>
#include <string.h>

#include <glib.h>

#include "dynevent.h"
#include "../common/dynevent-fakefs.h"

/* Parse one line written to @file, paths resolving in the fake fs. */
static inline int parse(const char *line, enum tfm_dynevent_file file,
			struct tfm_dynevent_cmd *cmd,
			struct tfm_dynevent_err **err)
{
	return tfm_dynevent_parse_line(line, file, tt_fake_lookup, NULL, cmd,
				       err);
}

/* Parse a definition that must succeed; the caller frees it. */
static inline struct tfm_dynevent_probe *define(const char *line)
{
	struct tfm_dynevent_cmd cmd;
	struct tfm_dynevent_err *err = NULL;
	struct tfm_dynevent_probe *p;

	assert_int_equal(parse(line, TFM_DYNEVENT_UPROBE_EVENTS, &cmd, &err), 0);
	assert_null(err);
	assert_int_equal(cmd.kind, TFM_DYNEVENT_CMD_DEFINE);
	p = cmd.probe;
	cmd.probe = NULL;
	tfm_dynevent_cmd_clear(&cmd);
	return p;
}

#endif /* DYNEVENT_TEST_H */
