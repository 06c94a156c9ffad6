"""The main screen's panels, one object each (see base.Panel): the top bar, the indicators, the
value chain, the news, the map, the action cards, the powers and the forecast."""
