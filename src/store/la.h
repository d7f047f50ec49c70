/* libarchive, loaded with dlopen(3) the first time an archive is read or
 * written (brig create from a tarball, brig export and import), not
 * linked: it brings libxml2, ICU and libstdc++, which cost every brig
 * command 1.7 ms at start (measured with hyperfine on these machines).
 * The soname is the one the headers brig was built with describe. */
#pragma once

#include <archive.h>
#include <archive_entry.h>

#include "../util/err.h"

#define LA_READ_FUNCS(X)						\
	X(archive_read_new)						\
	X(archive_read_free)						\
	X(archive_read_support_filter_gzip)				\
	X(archive_read_support_filter_bzip2)				\
	X(archive_read_support_filter_xz)				\
	X(archive_read_support_filter_lzma)				\
	X(archive_read_support_filter_zstd)				\
	X(archive_read_support_filter_lz4)				\
	X(archive_read_support_format_tar)				\
	X(archive_read_open)						\
	X(archive_read_open_filename)					\
	X(archive_read_data)						\
	X(archive_set_error)						\
	X(archive_read_next_header)					\
	X(archive_read_data_block)					\
	X(archive_error_string)						\
	X(archive_entry_pathname)					\
	X(archive_entry_pathname_utf8)					\
	X(archive_entry_hardlink)					\
	X(archive_entry_symlink)					\
	X(archive_entry_filetype)					\
	X(archive_entry_perm)						\
	X(archive_entry_uid)						\
	X(archive_entry_gid)						\
	X(archive_entry_size)						\
	X(archive_entry_mtime)						\
	X(archive_entry_mtime_nsec)					\
	X(archive_entry_mtime_is_set)					\
	X(archive_entry_atime)						\
	X(archive_entry_atime_nsec)					\
	X(archive_entry_atime_is_set)					\
	X(archive_entry_rdevmajor)					\
	X(archive_entry_rdevminor)					\
	X(archive_entry_xattr_reset)					\
	X(archive_entry_xattr_next)

#define LA_WRITE_FUNCS(X)						\
	X(archive_write_new)						\
	X(archive_write_free)						\
	X(archive_write_set_format_pax)			\
	X(archive_write_set_options)					\
	X(archive_write_add_filter_gzip)				\
	X(archive_write_add_filter_xz)					\
	X(archive_write_add_filter_zstd)				\
	X(archive_write_open_fd)					\
	X(archive_write_header)						\
	X(archive_write_data)						\
	X(archive_write_finish_entry)					\
	X(archive_write_close)						\
	X(archive_entry_new)						\
	X(archive_entry_free)						\
	X(archive_entry_clear)						\
	X(archive_entry_set_pathname)					\
	X(archive_entry_set_size)					\
	X(archive_entry_set_filetype)					\
	X(archive_entry_set_perm)					\
	X(archive_entry_set_uid)					\
	X(archive_entry_set_gid)					\
	X(archive_entry_set_mtime)					\
	X(archive_entry_set_symlink)					\
	X(archive_entry_set_hardlink)					\
	X(archive_entry_set_rdevmajor)					\
	X(archive_entry_set_rdevminor)					\
	X(archive_entry_xattr_add_entry)

/* The functions, each with its own prototype's type. */
struct libarchive {
#define X(f) __typeof__(f) *f;
	LA_READ_FUNCS(X)
	LA_WRITE_FUNCS(X)
#undef X
};

/* The functions, loaded on the first call; NULL with e when libarchive
 * (Debian: libarchive13) is missing or lacks one of them. */
const struct libarchive *la_open(struct brig_err *e);
