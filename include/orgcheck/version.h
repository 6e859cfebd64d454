/* orgcheck's version, one place. */
#ifndef ORGCHECK_VERSION_H
#define ORGCHECK_VERSION_H

#define ORGCHECK_VERSION "0.1.0"

#endif
