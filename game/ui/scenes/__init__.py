"""One module per screen; each scene is a class with handle_event, update and draw."""
