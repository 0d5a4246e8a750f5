"""Publishing and browsing sales assets, and their attached documents."""
