#include "common/Logging.h"

namespace tern {
Q_LOGGING_CATEGORY(lcApp, "tern.app", QtInfoMsg)
Q_LOGGING_CATEGORY(lcNet, "tern.net", QtInfoMsg)
Q_LOGGING_CATEGORY(lcStore, "tern.store", QtInfoMsg)
}
