module example.com/Upper/Case
