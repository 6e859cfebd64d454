#include "cli.h"

int main(int argc, char **argv)
{
	return orgcheck_main(argc, argv, stdout, stderr);
}
