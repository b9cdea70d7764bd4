// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * test-model-own - ownership of instances and events/ (tracefs.md §3),
 * remounts that give only uid= or only gid= (§1.3), and the files that
 * keep answering after their instance is gone (§5.6, §6).
 */
#include "tfm-test.h"

static void owner(struct tfm_model *m, const char *path, uid_t uid, gid_t gid)
{
	struct stat st;

	assert_int_equal(tt_stat(m, path, &st), 0);
	assert_int_equal(st.st_uid, uid);
	assert_int_equal(st.st_gid, gid);
}

/* §3.1: chown of instances/ reaches instance dirs and their files. */
static void test_chown_instances(void **state)
{
	struct tfm_model *m = tt_model();

	assert_int_equal(tt_mkdir(m, "instances", "foo"), 0);
	assert_int_equal(tt_chown(m, "instances", 777, 778), 0);
	owner(m, "instances/foo", 777, 778);
	owner(m, "instances/foo/trace", 777, 778);
	owner(m, "instances/foo/options/overwrite", 777, 778);
	owner(m, "instances/foo/per_cpu/cpu1/trace", 777, 778);
	/* eventfs keeps its own default */
	owner(m, "instances/foo/events", 0, 0);
	owner(m, "instances/foo/events/sched/enable", 0, 0);
	/* a chown of the instance dir changes only that dir */
	assert_int_equal(tt_chown(m, "instances/foo", 500, 501), 0);
	owner(m, "instances/foo", 500, 501);
	owner(m, "instances/foo/trace", 777, 778);
	assert_int_equal(tt_chown(m, "instances", 10, 11), 0);
	owner(m, "instances/foo", 500, 501);
	owner(m, "instances/foo/trace", 10, 11);
	tfm_model_free(m);
}

/* §3.1: an instance dir is not a source: a fresh model, chown foo only. */
static void test_chown_instance_dir(void **state)
{
	struct tfm_model *m = tt_model();

	assert_int_equal(tt_mkdir(m, "instances", "foo"), 0);
	assert_int_equal(tt_chown(m, "instances/foo", 500, 501), 0);
	owner(m, "instances/foo", 500, 501);
	owner(m, "instances/foo/trace", 0, 0);
	owner(m, "instances/foo/events", 0, 0);
	owner(m, "instances", 0, 0);
	tfm_model_free(m);
}

/* §3.2: events/ takes its parent's owner when created, then keeps it. */
static void test_events_owner_fixed(void **state)
{
	struct tfm_model *m = tt_model();

	assert_int_equal(tt_chown(m, "", 1000, 1001), 0);
	assert_int_equal(tt_mkdir(m, "instances", "bar"), 0);
	owner(m, "instances/bar", 1000, 1001);
	owner(m, "instances/bar/events", 1000, 1001);
	owner(m, "instances/bar/events/sched/enable", 1000, 1001);
	owner(m, "instances/bar/events/sched/sched_switch/id", 1000, 1001);
	/* the top-level events/ was made before the chown */
	owner(m, "events", 0, 0);
	assert_int_equal(tt_chown(m, "", 2000, 2001), 0);
	owner(m, "instances/bar/trace", 2000, 2001);
	owner(m, "instances/bar/events", 1000, 1001);
	owner(m, "instances/bar/events/sched/sched_switch/enable", 1000, 1001);
	tfm_model_free(m);
}

/* §1.3: a remount with uid= only keeps explicit gids, and vice versa. */
static void test_remount_one_id(void **state)
{
	struct tfm_model *m = tt_model();

	assert_int_equal(tt_mkdir(m, "instances", "foo"), 0);
	assert_int_equal(tt_chown(m, "", 0, 9), 0);
	assert_int_equal(tt_chown(m, "tracing_on", 10, 55), 0);
	assert_int_equal(tt_chown(m, "instances/foo/trace", 11, 66), 0);
	assert_int_equal(tt_chown(m, "per_cpu/cpu1/trace", 12, 67), 0);
	assert_int_equal(tt_chown(m, "events/sched/enable", 13, 68), 0);
	assert_int_equal(tfm_model_remount(m, "uid=3000", NULL), 0);
	owner(m, "", 3000, 9);
	owner(m, "trace", 3000, 9);
	owner(m, "tracing_on", 3000, 55);
	owner(m, "instances/foo/trace", 3000, 66);
	owner(m, "per_cpu/cpu1/trace", 3000, 67);
	/* eventfs: the default gid stays the one events/ was made with */
	owner(m, "events", 3000, 0);
	owner(m, "events/sched/sched_switch/enable", 3000, 0);
	owner(m, "instances/foo/events/sched/enable", 3000, 0);
	owner(m, "events/sched/enable", 3000, 68);
	assert_int_equal(tt_chown(m, "tracing_on", 77, 55), 0);
	assert_int_equal(tfm_model_remount(m, "gid=4000", NULL), 0);
	owner(m, "", 3000, 4000);
	owner(m, "tracing_on", 77, 4000);
	owner(m, "per_cpu/cpu1/trace", 3000, 4000);
	owner(m, "events/sched/sched_switch/enable", 3000, 4000);
	assert_int_equal(tfm_model_remount(m, "uid=5,gid=6", NULL), 0);
	owner(m, "tracing_on", 5, 6);
	owner(m, "events/sched/enable", 5, 6);
	tfm_model_free(m);
}

/* §5.6, §6: options/ and id keep answering after rmdir. */
static void test_survivors(void **state)
{
	struct tfm_model *m = tt_model();
	struct tt_file opt, opt2, id, fmt;
	char buf[32];
	g_autofree char *idtext = NULL;
	ssize_t r;

	assert_int_equal(tt_mkdir(m, "instances", "r"), 0);
	idtext = tt_read(m, "instances/r/events/sched/sched_switch/id");
	assert_non_null(idtext);
	assert_int_equal(tt_open(m, "instances/r/options/overwrite", O_RDWR,
				 &opt), 0);
	assert_int_equal(tt_open(m, "instances/r/options/hex", O_RDONLY,
				 &opt2), 0);
	assert_int_equal(tt_open(m, "instances/r/events/sched/sched_switch/id",
				 O_RDONLY, &id), 0);
	assert_int_equal(tt_open(m, "instances/r/events/sched/sched_switch/format",
				 O_RDONLY, &fmt), 0);
	assert_int_equal(tt_fwrites(&opt, "0"), 1);
	assert_int_equal(tt_write(m, "instances/r/options/hex", "1"), 1);
	assert_int_equal(tt_rmdir(m, "instances", "r"), 0);
	opt.pos = 0;
	r = tt_fread(&opt, buf, sizeof(buf));
	assert_int_equal(r, 2);
	assert_memory_equal(buf, "0\n", 2);
	r = tt_fread(&opt2, buf, sizeof(buf));
	assert_int_equal(r, 2);
	assert_memory_equal(buf, "1\n", 2);
	r = tt_fread(&id, buf, sizeof(buf));
	assert_int_equal(r, (ssize_t)strlen(idtext));
	assert_memory_equal(buf, idtext, r);
	assert_int_equal(tt_fread(&fmt, buf, sizeof(buf)), -ENODEV);
	/* a new instance of that name starts from the defaults */
	assert_int_equal(tt_mkdir(m, "instances", "r"), 0);
	tt_assert_read(m, "instances/r/options/overwrite", "1\n");
	opt.pos = 0;
	r = tt_fread(&opt, buf, sizeof(buf));
	assert_memory_equal(buf, "0\n", 2);
	tt_close(&opt);
	tt_close(&opt2);
	tt_close(&id);
	tt_close(&fmt);
	tfm_model_free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_chown_instances),
		cmocka_unit_test(test_chown_instance_dir),
		cmocka_unit_test(test_events_owner_fixed),
		cmocka_unit_test(test_remount_one_id),
		cmocka_unit_test(test_survivors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
