/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * kernfs-testing.h - hooks for the test suites only (built into the static
 * test archive with -DKERNFS_EMU_TESTING; never installed or exported).
 */
#ifndef KERNFS_EMU_TESTING_H
#define KERNFS_EMU_TESTING_H

#include <kernfs-emu/kernfs.h>

/*
 * kernfs_test_set_next_id - make the id allocator hand out @low next with
 * generation @gen, so tests can reach the 32-bit wrap quickly.
 */
void kernfs_test_set_next_id(struct kernfs_root *root, uint32_t low,
			     uint32_t gen);

/* kernfs_test_active - the raw active counter of @kn. */
int kernfs_test_active(struct kernfs_node *kn);

/* KN_DEACTIVATED_BIAS, for comparisons with kernfs_test_active(). */
#define KERNFS_TEST_DEACTIVATED_BIAS (INT32_MIN + 1)

#endif /* KERNFS_EMU_TESTING_H */
