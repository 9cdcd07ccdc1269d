/* PLACEHOLDER: replaced by the text helper */
#include "vigil/text.h"
