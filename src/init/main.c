/* brig-init's entry point: a static program of its own (see init.h). */
#include "init.h"

int
main(int argc, char **argv)
{
	return init_main(argc, argv);
}
