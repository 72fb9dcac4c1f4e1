#include "wrapper/main.h"

int main(int argc, char **argv)
{
	return ccmwrap_main(argc, argv);
}
