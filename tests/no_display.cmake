# Read by ctest (the TEST_INCLUDE_FILES of tests/): every test runs with no display, so that
# vmsim, which opens a window whenever it finds one, stays headless under the tests even on
# a desktop. The window tests start their own X server with xvfb-run.
unset(ENV{DISPLAY})
unset(ENV{WAYLAND_DISPLAY})
