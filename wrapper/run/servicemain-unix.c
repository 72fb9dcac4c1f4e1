#include "wrapper/run/servicemain.h"

bool servicemain_run(servicemain_body body, void *context, bool delete_after, int *exit_code,
                     error_message *err)
{
	(void)delete_after;
	(void)err;
	*exit_code = body(context);
	return true;
}
