/* brig-init (src/init), a static program, built into brig: spawn.c
 * copies it into a sealed memfd and execs that as the jail's PID 1. */
	.section .rodata
	.balign 16
	.global brig_init_blob
brig_init_blob:
	.incbin INIT_BIN
	.global brig_init_blob_end
brig_init_blob_end:
	.byte 0
	.section .note.GNU-stack,"",@progbits
