// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * test-poll.c - spec/kernfs.md §7.6: kernfs_notify() and the generic
 * poll ("changed since this open file last read"), the one-shot
 * poll_wakeup handles of the VFS watch, ops->poll, removed nodes.
 */
#include "kfs-test.h"

#define DEF KERNFS_DEFAULT_POLLMASK
#define CHG (KERNFS_DEFAULT_POLLMASK | KT_EPOLLERR | KT_EPOLLPRI)

KT_ROOT_FIXTURE

static int val_show(struct seq_file *sf, void *v)
{
	seq_puts(sf, "1\n");
	return 0;
}

static ssize_t val_read(struct kernfs_open_file *of, char *buf, size_t n,
			loff_t off)
{
	if (off > 0)
		return 0;
	buf[0] = '1';
	return 1;
}

static const struct kernfs_ops seq_ops = { .seq_show = val_show };
static const struct kernfs_ops raw_ops = { .read = val_read };

/* DEFAULT_POLLMASK is the kernel's IN|OUT|RDNORM|WRNORM. */
static void test_pollmask_value(void **state)
{
	assert_int_equal(DEF, 0x145);
}

static void read_some(struct kernfs_vfs_file *f)
{
	char buf[8];

	assert_true(kernfs_vfs_read(f, buf, sizeof(buf), 0, &kt_root) > 0);
}

/*
 * §7.6: a never-read open file polls as changed; reading clears it;
 * kernfs_notify sets it again; each open file tracks its own state.
 */
static void poll_cycle(const struct kernfs_ops *ops)
{
	struct kernfs_node *kn = kt_file(rn, "v", 0444, ops, NULL);
	struct kernfs_inode *ino = kt_lookup(kernfs_vfs_root(root), "v");
	struct kernfs_vfs_file *a = kt_open(ino, O_RDONLY);
	struct kernfs_vfs_file *b = kt_open(ino, O_RDONLY);

	assert_int_equal(kernfs_vfs_poll(a, NULL), CHG);
	assert_int_equal(kernfs_vfs_poll(a, NULL), CHG);
	read_some(a);
	assert_int_equal(kernfs_vfs_poll(a, NULL), DEF);
	assert_int_equal(kernfs_vfs_poll(b, NULL), CHG);
	read_some(b);
	assert_int_equal(kernfs_vfs_poll(b, NULL), DEF);
	kernfs_notify(kn);
	assert_int_equal(kernfs_vfs_poll(a, NULL), CHG);
	assert_int_equal(kernfs_vfs_poll(b, NULL), CHG);
	read_some(a);
	assert_int_equal(kernfs_vfs_poll(a, NULL), DEF);
	assert_int_equal(kernfs_vfs_poll(b, NULL), CHG);
	kernfs_notify(kn);
	kernfs_notify(kn);
	read_some(b);
	assert_int_equal(kernfs_vfs_poll(b, NULL), DEF);
	kernfs_vfs_release(a);
	kernfs_vfs_release(b);
	kernfs_vfs_forget(ino, 1);
}

static void test_poll_seq(void **state)
{
	poll_cycle(&seq_ops);
}

/* The raw read path records the event too (kernfs_file_read_iter). */
static void test_poll_raw(void **state)
{
	poll_cycle(&raw_ops);
}

/* §7.6: a notify before any open does not matter; new opens are "changed". */
static void test_notify_unopened(void **state)
{
	struct kernfs_node *kn = kt_file(rn, "v", 0444, &seq_ops, NULL);
	struct kernfs_inode *ino = kt_lookup(kernfs_vfs_root(root), "v");
	struct kernfs_vfs_file *a;

	kernfs_notify(kn);
	kernfs_notify(rn);		/* a directory: ignored (kernel WARNs) */
	a = kt_open(ino, O_RDONLY);
	assert_int_equal(kernfs_vfs_poll(a, NULL), CHG);
	read_some(a);
	assert_int_equal(kernfs_vfs_poll(a, NULL), DEF);
	kernfs_vfs_release(a);
	kernfs_vfs_forget(ino, 1);
}

/* §3.3/§7.6: a removed node polls DEFAULT|ERR|PRI, read or not. */
static void test_poll_removed(void **state)
{
	struct kernfs_node *kn = kt_file(rn, "v", 0444, &seq_ops, NULL);
	struct kernfs_inode *ino = kt_lookup(kernfs_vfs_root(root), "v");
	struct kernfs_vfs_file *a = kt_open(ino, O_RDONLY);

	read_some(a);
	assert_int_equal(kernfs_vfs_poll(a, NULL), DEF);
	kernfs_remove(kn);
	assert_int_equal(kernfs_vfs_poll(a, NULL), CHG);
	kernfs_vfs_release(a);
	kernfs_vfs_forget(ino, 1);
}

/* §7.1: ops->poll replaces the generic poll. */
static __poll_t my_poll(struct kernfs_open_file *of,
			struct kernfs_poll_table *pt)
{
	return KT_EPOLLIN | 0x40;
}

static void test_custom_poll(void **state)
{
	static const struct kernfs_ops ops = { .seq_show = val_show,
					       .poll = my_poll };
	struct kernfs_inode *ino;
	struct kernfs_vfs_file *a;

	kt_file(rn, "c", 0444, &ops, NULL);
	ino = kt_lookup(kernfs_vfs_root(root), "c");
	a = kt_open(ino, O_RDONLY);
	assert_int_equal(kernfs_vfs_poll(a, NULL), KT_EPOLLIN | 0x40);
	kernfs_vfs_release(a);
	kernfs_vfs_forget(ino, 1);
}

/* VFS watch: poll handles fire once, in order, at the next notify. */
static GArray *fired;

static void on_wakeup(void *data, void *handle)
{
	assert_ptr_equal(data, &fired);
	g_array_append_val(fired, handle);
}

static void test_poll_wakeup(void **state)
{
	static const struct kernfs_vfs_watch w = { .poll_wakeup = on_wakeup };
	static int h1, h2, h3;
	struct kernfs_node *kn = kt_file(rn, "v", 0444, &seq_ops, NULL);
	struct kernfs_inode *ino = kt_lookup(kernfs_vfs_root(root), "v");
	struct kernfs_vfs_file *a = kt_open(ino, O_RDONLY);
	struct kernfs_vfs_file *b = kt_open(ino, O_RDONLY);

	fired = g_array_new(FALSE, FALSE, sizeof(void *));
	kernfs_vfs_set_watch(root, &w, &fired);
	read_some(a);
	assert_int_equal(kernfs_vfs_poll(a, &h1), DEF);
	assert_int_equal(fired->len, 0);
	kernfs_notify(kn);
	assert_int_equal(fired->len, 1);
	assert_ptr_equal(g_array_index(fired, void *, 0), &h1);
	/* one-shot: a second notify does not fire h1 again */
	kernfs_notify(kn);
	assert_int_equal(fired->len, 1);

	/* a handle replaced before firing is passed on first */
	g_array_set_size(fired, 0);
	kernfs_vfs_poll(a, &h2);
	kernfs_vfs_poll(a, &h3);
	kernfs_notify(kn);
	assert_int_equal(fired->len, 2);
	assert_ptr_equal(g_array_index(fired, void *, 0), &h2);
	assert_ptr_equal(g_array_index(fired, void *, 1), &h3);

	/* a handle of another open file of the node fires as well */
	g_array_set_size(fired, 0);
	kernfs_vfs_poll(b, &h1);
	kernfs_notify(kn);
	assert_int_equal(fired->len, 1);
	kernfs_vfs_set_watch(root, NULL, NULL);
	kernfs_vfs_release(a);
	kernfs_vfs_release(b);
	kernfs_vfs_forget(ino, 1);
	g_array_free(fired, TRUE);
}

/* §7.6: kernfs_notify() may be called from the node's own op. */
static ssize_t notify_read(struct kernfs_open_file *of, char *buf, size_t n,
			   loff_t off)
{
	kernfs_notify(of->kn);
	buf[0] = 'n';
	return 1;
}

static void test_notify_from_op(void **state)
{
	static const struct kernfs_ops ops = { .read = notify_read };
	struct kernfs_inode *ino;
	struct kernfs_vfs_file *a;
	char c;

	kt_file(rn, "n", 0444, &ops, NULL);
	ino = kt_lookup(kernfs_vfs_root(root), "n");
	a = kt_open(ino, O_RDONLY);
	assert_int_equal(kernfs_vfs_read(a, &c, 1, 0, &kt_root), 1);
	/* the event was recorded before the op bumped it */
	assert_int_equal(kernfs_vfs_poll(a, NULL), CHG);
	kernfs_vfs_release(a);
	kernfs_vfs_forget(ino, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pollmask_value),
		cmocka_unit_test_setup_teardown(test_poll_seq, setup, teardown),
		cmocka_unit_test_setup_teardown(test_poll_raw, setup, teardown),
		cmocka_unit_test_setup_teardown(test_notify_unopened, setup, teardown),
		cmocka_unit_test_setup_teardown(test_poll_removed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_custom_poll, setup, teardown),
		cmocka_unit_test_setup_teardown(test_poll_wakeup, setup, teardown),
		cmocka_unit_test_setup_teardown(test_notify_from_op, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
