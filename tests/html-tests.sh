#!/bin/sh
# Filled in with the html output tests.
echo "html-tests: 0 passed, 0 failed"
