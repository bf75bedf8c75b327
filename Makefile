include Makefile.top
