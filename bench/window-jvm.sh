# Sourced by the benchmarks that run the timeline window in a JVM of their own (bench/flood,
# bench/history), so that it runs as the window process users run: with its JVM options and on
# JavaFX's GTK platform.
#
# window_jvm_options: sets window_options to the window process's JVM options: the tray's
# (launch/jvm.options, app.options), then its own (window.options), as WindowCommand builds them.
# Comments dropped; the options that name modules (native access, exports to org.watchtray.app)
# do not apply on the class path the benchmarks run on.
#
# window_display PLATFORM: with PLATFORM gtk and Xvfb installed, starts a private Xvfb and points
# DISPLAY at it (software rendering, -Dprism.order=sw from launch/app.options, then GTK puts each
# frame's pixels on the X display), with no session bus and no accessibility bridge: GTK talks to
# nothing of the caller's session. Otherwise (or with PLATFORM Headless) JavaFX's Headless
# platform: the same scene and renderer, but each frame is blitted into an off-screen buffer in
# Java (HeadlessWindow.blit), which costs the FX thread more than GTK's native upload. Sets
# platform_options and prints "platform: ..."; window_display_stop ends the Xvfb (call it from the
# caller's EXIT trap).

window_jvm_options() {
    local f o
    window_options=()
    for f in jvm.options app.options window.options; do
        for o in $(sed 's/#.*//' "$here/launch/$f"); do
            case $o in
                --enable-native-access=* | --add-exports=* | --add-opens=*) ;;
                *) window_options+=("$o") ;;
            esac
        done
    done
}

window_xvfb=
window_xdir=
window_display() {
    if [ "$1" = gtk ] && command -v Xvfb >/dev/null; then
        window_xdir=$(mktemp -d)
        Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp 3>"$window_xdir/display" 2>/dev/null &
        window_xvfb=$!
        for _ in $(seq 100); do
            [ -s "$window_xdir/display" ] && break
            sleep 0.1
        done
        [ -s "$window_xdir/display" ] || { echo "Xvfb did not start" >&2; return 1; }
        export DISPLAY=":$(head -1 "$window_xdir/display")" NO_AT_BRIDGE=1
        unset DBUS_SESSION_BUS_ADDRESS
        platform_options=()
        echo "platform: GTK on a private Xvfb ($DISPLAY)"
    else
        platform_options=(-Dglass.platform=Headless)
        echo "platform: JavaFX Headless (not the GTK path users run)"
    fi
}

window_display_stop() {
    if [ -n "$window_xvfb" ]; then
        kill "$window_xvfb" 2>/dev/null || true
    fi
    [ -z "$window_xdir" ] || rm -rf "$window_xdir"
    window_xvfb= window_xdir=
}
