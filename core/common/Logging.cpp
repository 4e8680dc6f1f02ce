#include "common/Logging.h"

namespace tern {
Q_LOGGING_CATEGORY(lcApp, "tern.app", QtWarningMsg)
Q_LOGGING_CATEGORY(lcNet, "tern.net", QtWarningMsg)
Q_LOGGING_CATEGORY(lcStore, "tern.store", QtWarningMsg)
}
