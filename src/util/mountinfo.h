/* /proc/self/mountinfo (proc_pid_mountinfo(5)): brig's one reader of it.
 * The cgroup hierarchies (src/rctl/cgroup.c), the mount holding a jail's
 * root (src/rctl/iodev.c) and the store's "is anything mounted there"
 * (src/store/common.c) all iterate over its lines with this. */
#pragma once

#include <stddef.h>

#include "err.h"

/* One line, as fs/proc_namespace.c show_mountinfo() writes it:
 *
 *   36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw
 *   (1)(2)(3)  (4)   (5)   (6)        (7)      (8)(9) (10)      (11)
 *
 * The strings are decoded: the kernel writes a space, tab, newline and
 * backslash in them as \040 \011 \012 \134 (mangle()); any other
 * backslash stays as written.  They point into the iterator and are
 * valid until its next call.  No string holds a NUL byte. */
struct mountinfo {
	unsigned id;		/* (1) the mount's ID */
	unsigned parent;	/* (2) its parent's ID */
	unsigned major;		/* (3) st_dev of its files (0:N is an */
	unsigned minor;		/*     anonymous device: btrfs, overlay) */
	const char *root;	/* (4) the directory of the filesystem it
				 * shows: "/", a bind mount's subdirectory,
				 * "net:[4026531840]" for a namespace */
	const char *point;	/* (5) where, relative to the process root */
	const char *opts;	/* (6) per-mount options: "rw,nosuid" */
	const char *optional;	/* (7) "shared:1 master:2", or "" when none;
				 * as written (numbers, never escaped) */
	const char *type;	/* (9) "ext4", "fuse.sshfs" */
	const char *source;	/* (10) "/dev/vda1", "none"; may be "" */
	const char *super;	/* (11) super block options.  The filesystem
				 * escapes ',' and '=' in a value as \054
				 * and \075 (seq_show_option()); those stay,
				 * so the list splits on ',': mountinfo_opt() */
	const char *line;	/* the line in the text, without '\n' */
	size_t len;
	unsigned lineno;	/* from 1 */
};

/* The lines of a mountinfo text, in order.  The text is borrowed. */
struct mountinfo_iter {
	const char *p, *end;	/* what is left of the text */
	unsigned lineno;
	char *buf;		/* the current line, split and decoded */
	size_t cap;
};

/* Iterate over the len bytes of text (which need not end in a NUL); an
 * iterator used before is ended first (mountinfo_end). */
void mountinfo_begin(struct mountinfo_iter *it, const char *text,
    size_t len);
/* The next line into *m: 1; 0 at the end of the text (empty lines are
 * skipped); -1 with errno EINVAL (a line that is not a mountinfo line:
 * a field missing or extra, a number out of range, a NUL byte) or
 * ENOMEM, it->lineno naming the line.  After -1 the next call goes on
 * with the line after it. */
int mountinfo_next(struct mountinfo_iter *it, struct mountinfo *m);
/* Free what the iterator holds (not the text). */
void mountinfo_end(struct mountinfo_iter *it);

/* Is key among the comma-separated options opts (a struct mountinfo's
 * opts or super), alone or as "key=value"?  1 with the value in dst,
 * its \054 and \075 decoded ("" for a key alone; dst may be NULL when
 * cap is 0, to ask only whether it is there); 0 when absent; -1 with
 * errno ENAMETOOLONG when the value does not fit in cap. */
int mountinfo_opt(const char *opts, const char *key, char *dst, size_t cap);

/* /proc/self/mountinfo, whole, NUL-terminated: *text (caller frees) and
 * its length (len may be NULL).  0, or -1 with e. */
int mountinfo_read(char **text, size_t *len, struct brig_err *e);
