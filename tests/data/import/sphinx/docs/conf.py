project = "Sample"
extensions = ["myst_parser"]
