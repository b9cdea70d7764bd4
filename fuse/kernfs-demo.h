/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * kernfs-demo.h - what the demo's source files share.
 */
#ifndef KERNFS_DEMO_H
#define KERNFS_DEMO_H

#include <kernfs-emu/kernfs.h>

/* The description shared by the demo's template directories. */
extern const struct kernfs_template kernfs_demo_tmpl;

#endif /* KERNFS_DEMO_H */
